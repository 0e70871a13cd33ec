package io.gitops.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitops.gateway.model.HealthResult;
import io.gitops.gateway.model.HealthStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The project's own health table (src/test/resources/health/builtin-cases.yaml). */
class BuiltInHealthTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Fixed "now" of the fixtures, so the five-minute unschedulable grace is deterministic. */
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2024-05-02T12:00:00Z"), ZoneOffset.UTC);

  private final BuiltInHealth health = new BuiltInHealth(NOW);

  @SuppressWarnings("unchecked")
  static Stream<Arguments> cases() throws IOException {
    Map<String, Object> table =
        YAML.readValue(
            BuiltInHealthTest.class.getResource("/health/builtin-cases.yaml"), Map.class);
    return ((List<Map<String, Object>>) table.get("cases"))
        .stream().map(c -> Arguments.of(c.get("name"), c));
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void caseGetsItsHealth(String name, Map<String, Object> fixture) {
    Optional<HealthResult> result = health.assess((Map<String, Object>) fixture.get("object"));

    assertThat(result).isPresent();
    assertThat(result.get().status())
        .as(result.get().message())
        .isEqualTo(HealthStatus.fromLabel((String) fixture.get("expect")));
    if (fixture.get("message") != null) {
      assertThat(result.get().message()).contains((String) fixture.get("message"));
    }
  }

  @Test
  void customResourcesGetNoBuiltInVerdict() {
    Map<String, Object> widget =
        Map.of(
            "apiVersion",
            "example.com/v1",
            "kind",
            "Widget",
            "status",
            Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True"))));

    assertThat(health.assess(widget)).isEmpty();
    assertThat(health.knows(widget)).isFalse();
    assertThat(health.assess(null)).isEmpty();
  }
}
