package io.gitops.gateway.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's own table of normalisation rules (src/test/resources/diff/*.yaml): for each rule a
 * pair that must be in sync and one that must drift, naming the drifted paths.
 */
class DiffFixturesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @SuppressWarnings("unchecked")
  static Stream<Arguments> cases() throws IOException, URISyntaxException {
    Path folder = Path.of(DiffFixturesTest.class.getResource("/diff").toURI());
    List<Arguments> args = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        Map<String, Object> table = YAML.readValue(file.toFile(), Map.class);
        for (Object c : (List<Object>) table.get("cases")) {
          Map<String, Object> fixture = (Map<String, Object>) c;
          args.add(Arguments.of(table.get("rule") + ": " + fixture.get("name"), fixture));
        }
      }
    }
    return args.stream();
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fixtureGetsItsVerdict(String name, Map<String, Object> fixture) {
    List<IgnoreRule> rules = new ArrayList<>();
    for (Object r : (List<Object>) fixture.getOrDefault("ignore", List.of())) {
      Map<String, Object> rule = (Map<String, Object>) r;
      rules.add(
          new IgnoreRule(
              (String) rule.get("group"),
              (String) rule.get("kind"),
              null,
              null,
              (List<String>) rule.get("jsonPointers"),
              (List<String>) rule.get("jqPathExpressions"),
              (List<String>) rule.get("managedFieldsManagers")));
    }
    Map<String, Object> desired = (Map<String, Object>) fixture.get("desired");
    Map<String, Object> live = (Map<String, Object>) fixture.get("live");
    String before = desired.toString() + live;

    ObjectDiff diff = Differ.compare(desired, live, new DiffOptions(rules, null));

    assertThat(desired.toString() + live).as("inputs are not modified").isEqualTo(before);
    if ("in-sync".equals(fixture.get("expect"))) {
      assertThat(diff.verdict())
          .as("paths %s\n%s", diff.changedPaths(), diff.unifiedDiff())
          .isEqualTo(DiffVerdict.IN_SYNC);
      assertThat(diff.changedPaths()).isEmpty();
    } else {
      assertThat(diff.verdict()).isEqualTo(DiffVerdict.MODIFIED);
      assertThat(diff.changedPaths())
          .as(diff.unifiedDiff())
          .containsExactlyInAnyOrderElementsOf((List<String>) fixture.get("paths"));
    }
  }
}
