package io.gitops.gateway.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Helm's (Masterminds semver) constraints picking the newest match, as `helm pull --version`. */
class ChartVersionsTest {
  private static final List<String> VERSIONS =
      List.of(
          "0.1.0",
          "0.1.5",
          "0.2.0",
          "1.0.0",
          "1.2.0",
          "1.2.9",
          "1.3.0-rc.1",
          "1.3.0",
          "1.10.2",
          "2.0.0-beta.1",
          "19.0.1",
          "19.6.4",
          "20.0.0",
          "not-a-version");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "19.x, 19.6.4",
    "19, 19.6.4",
    "'^1.2', 1.10.2",
    "'^0.1', 0.1.5",
    "'^0.1.2', 0.1.5",
    "'~1.2', 1.2.9",
    "'~1.2.3', 1.2.9",
    "1.2.0, 1.2.0",
    "'>=1.0.0 <1.3.0', 1.2.9",
    "'>=1.0, <1.3', 1.2.9",
    "'1.2 - 1.3', 1.3.0",
    "'<1.0.0 || 19.0.x', 19.0.1",
    "'*', 20.0.0",
    "HEAD, 20.0.0",
    "'>1.3 <20', 19.6.4",
    "'>=1.3.0-0 <1.3.1', 1.3.0",
    "'1.3.0-rc.1', 1.3.0-rc.1",
    "'^2.0.0-alpha', 2.0.0-beta.1",
    "'!=20.0.0', 19.6.4",
  })
  void newestMatch(String constraint, String expected) {
    assertEquals(Optional.of(expected), ChartVersions.newest(constraint, VERSIONS));
  }

  @ParameterizedTest
  @CsvSource({"21.x", "'>20.0.0'", "'<0.1.0'", "3.0.0"})
  void noMatch(String constraint) {
    assertEquals(Optional.empty(), ChartVersions.newest(constraint, VERSIONS));
  }

  @ParameterizedTest
  @CsvSource({"'>>1'", "abc", "'1.2.3.4'", "'~'"})
  void badConstraintIsRefused(String constraint) {
    assertThrows(ChartVersions.InvalidConstraint.class, () -> ChartVersions.check(constraint));
  }
}
