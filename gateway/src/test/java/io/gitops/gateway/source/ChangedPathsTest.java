package io.gitops.gateway.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which recorded render questions a push's changed paths touch. */
class ChangedPathsTest {
  static final List<String> CHANGED =
      List.of("apps/a1/cm.yaml", "apps/a10/deep/x.yaml", "base/kustomization.yaml", "README.md");

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    // a listed directory at or above a changed file
    "d:apps/a1, true",
    "d:apps, true",
    "d:apps/a10/deep, true",
    "d:apps/a10, true",
    "d:, true",
    // a directory whose name only starts like a changed one
    "d:apps/a, false",
    "d:apps/a100, false",
    "d:base/kustomization, false",
    // a file asked about: only the very file
    "f:apps/a1/cm.yaml, true",
    "f:README.md, true",
    "f:apps/a1, false",
    "f:apps/a1/cm.yml, false",
    "f:base, false",
  })
  void touches(String question, boolean expected) {
    assertThat(ChangedPaths.of(CHANGED).touch(Set.of(question))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"apps/a2/cm.yaml", "other/a1/cm.yaml", "apps/a1cm.yaml"})
  void untouchedQuestions(String changed) {
    assertThat(
            ChangedPaths.of(List.of(changed))
                .touch(Set.of("d:apps/a1", "f:apps/a1/cm.yaml", "f:apps/a1/kustomization.yaml")))
        .isFalse();
  }
}
