package io.gitops.gateway.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Input tree → expected objects (or expected error) for every fixture under render/. */
class RenderTableTest {

  static Stream<RenderFixture> directory() {
    return RenderFixture.all("directory");
  }

  static Stream<RenderFixture> helm() {
    return RenderFixture.all("helm");
  }

  static Stream<RenderFixture> kustomize() {
    return RenderFixture.all("kustomize");
  }

  static Stream<RenderFixture> badInput() {
    return RenderFixture.all("bad-input");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("directory")
  void rendersDirectories(RenderFixture fixture) throws Exception {
    check(fixture);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("helm")
  void rendersHelmCharts(RenderFixture fixture) throws Exception {
    check(fixture);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kustomize")
  void rendersKustomizations(RenderFixture fixture) throws Exception {
    check(fixture);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void refusesBadInput(RenderFixture fixture) throws Exception {
    check(fixture);
  }

  private static void check(RenderFixture fixture) throws Exception {
    Renderer renderer = new Renderer(fixture.renderLimits());
    if (fixture.error() != null) {
      assertThatThrownBy(() -> renderer.render(fixture.repo(), fixture.request()))
          .isInstanceOf(RenderException.class)
          .satisfies(e -> assertThat(e.getMessage()).contains(fixture.error()));
      return;
    }
    RenderResult result = renderer.render(fixture.repo(), fixture.request());
    assertThat(result.objects()).containsExactlyElementsOf(fixture.expect());
    if (fixture.expectType() != null) {
      assertThat(result.type()).isEqualTo(fixture.expectType());
    }
  }
}
