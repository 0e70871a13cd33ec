package io.gitops.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitops.gateway.diff.Conformance;
import io.gitops.gateway.model.HealthResult;
import io.gitops.gateway.model.HealthStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every resource of ../shared/conformance/health/expected.tsv gets Argo CD's built-in verdict. */
class HealthConformanceTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final BuiltInHealth health = new BuiltInHealth();

  static Stream<Arguments> rows() {
    List<Arguments> args = new ArrayList<>();
    for (String[] row : Conformance.rows("health")) {
      args.add(Arguments.of(row[0], row[1]));
    }
    if (args.isEmpty()) {
      args.add(Arguments.of(null, null)); // one row that reports the skip
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("rows")
  void resourceGetsTheListedHealth(String file, String expected) throws IOException {
    Conformance.assumePresent("health");
    @SuppressWarnings("unchecked")
    Map<String, Object> object =
        YAML.readValue(
            Conformance.ROOT.resolve("health").resolve(file).toFile(), LinkedHashMap.class);

    Optional<HealthResult> result = health.assess(object);

    if (expected.equals("none")) {
      assertThat(result).as("an unknown kind must get no built-in verdict").isEmpty();
    } else {
      assertThat(result).isPresent();
      assertThat(result.get().status())
          .as(result.get().message())
          .isEqualTo(HealthStatus.fromLabel(expected));
    }
  }

  @Test
  void corpusIsThere() {
    Conformance.assumePresent("health");
    assertThat(Conformance.rows("health")).hasSizeGreaterThanOrEqualTo(49);
  }
}
