package io.gitops.gateway.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Helm in killable worker processes: the same output as in-process Helm on every Helm fixture, and
 * render bombs (a template that loops, one that allocates, one that writes without end) fail their
 * render with a message naming the limit, kill their worker, and the next render works.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HelmWorkersTest {
  private static final RenderSettings SETTINGS =
      new RenderSettings(Duration.ofSeconds(5), 384, 2, 2);
  private static HelmWorkers workers;
  private static Renderer renderer;

  @BeforeAll
  static void start() {
    workers = new HelmWorkers(SETTINGS);
    renderer = new Renderer(RenderLimits.defaults(), SETTINGS, workers);
  }

  @AfterAll
  static void stop() {
    workers.close();
  }

  static Stream<RenderFixture> helmFixtures() {
    return RenderFixture.all("helm");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("helmFixtures")
  void rendersEveryHelmFixtureAsInProcessHelmDoes(RenderFixture fixture) throws Exception {
    Renderer worker = new Renderer(fixture.renderLimits(), SETTINGS, workers);
    if (fixture.error() != null) {
      assertThatThrownBy(() -> worker.render(fixture.repo(), fixture.request()))
          .isInstanceOf(RenderException.class)
          .satisfies(
              e -> fixture.error().forEach(part -> assertThat(e.getMessage()).contains(part)));
      return;
    }
    assertThat(worker.render(fixture.repo(), fixture.request()).objects())
        .containsExactlyElementsOf(fixture.expect());
  }

  @Test
  void aTemplateThatLoopsFailsAtTheDeadlineAndItsWorkerIsReplaced() throws Exception {
    // 10^10 iterations and almost no memory: only the deadline stops it.
    String loop = "{{ range $i := until 100000 }}{{ range $j := until 100000 }}{{ end }}{{ end }}";
    assertThatThrownBy(() -> renderer.render(chart(loop), RenderRequest.of("app")))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("Helm render exceeded 5 s (render.timeout-seconds)");
    assertRendersNormally();
  }

  @Test
  void aTemplateThatAllocatesFailsAtTheMemoryLimit() throws Exception {
    // until builds a list of 8-byte ints: 400 million of them is 3.2 GB in Helm's Go heap.
    String allocate = "{{ $x := until 400000000 }}{{ len $x }}";
    assertThatThrownBy(() -> renderer.render(chart(allocate), RenderRequest.of("app")))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("Helm render exceeded 384 MB of memory (render.helm-memory-mb)");
    assertRendersNormally();
  }

  @Test
  void aTemplateThatWritesPastTheByteLimitFails() throws Exception {
    RenderLimits small = new RenderLimits(4L << 20, 10_000, 1L << 20, 50, 1_000_000, 20);
    String flood = "{{ range $i := until 200000 }}# padding line {{ $i }}\n{{ end }}";
    assertThatThrownBy(
            () ->
                new Renderer(small, SETTINGS, workers)
                    .render(chart(flood), RenderRequest.of("app")))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("Helm output exceeded")
        .hasMessageContaining("bytes (the render's byte limit)");
    assertRendersNormally();
  }

  @Test
  void aWorkerKilledMidRenderFailsThatRenderAndIsReplaced() throws Exception {
    String loop = "{{ range $i := until 100000 }}{{ range $j := until 100000 }}{{ end }}{{ end }}";
    CompletableFuture<RenderResult> slow =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return renderer.render(chart(loop), RenderRequest.of("app"));
              } catch (RenderException e) {
                throw new IllegalStateException(e.getMessage());
              }
            });
    // The busy worker is the one that is not idle: wait until a new or reused worker is rendering,
    // kill it.
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> workers.busyPids().size() == 1);
    long busy = workers.busyPids().get(0);
    ProcessHandle.of(busy).ifPresent(ProcessHandle::destroyForcibly);
    assertThatThrownBy(slow::join).hasMessageContaining("the Helm worker died during the render");
    assertThat(workers.pids()).doesNotContain(busy);
    assertRendersNormally();
  }

  @Test
  void startingAWorkerAndReusingItIsMeasured() throws Exception {
    try (HelmWorkers fresh = new HelmWorkers(SETTINGS)) {
      Renderer r = new Renderer(RenderLimits.defaults(), SETTINGS, fresh);
      long t0 = System.nanoTime();
      r.render(chart(""), RenderRequest.of("app"));
      long t1 = System.nanoTime();
      r.render(chart(""), RenderRequest.of("app"));
      long t2 = System.nanoTime();
      System.out.printf(
          "Helm worker: first render (JVM start + Helm load) %d ms, reused %d ms%n",
          (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
      assertThat(fresh.alive()).isEqualTo(1);
    }
  }

  private static void assertRendersNormally() throws RenderException {
    assertThat(renderer.render(chart(""), RenderRequest.of("app")).objects()).hasSize(1);
  }

  /** A chart with one ConfigMap whose data is {@code body}'s output. */
  private static RepoFiles chart(String body) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 1.0.0\n");
    files.put(
        "app/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {}\n---\n" + body + "\n");
    return new InMemoryRepoFiles(files);
  }
}
