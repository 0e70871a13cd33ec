package io.gitops.gateway.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tables of YAML fixtures for the two merge algorithms, without HTTP: strategic merge patch
 * (original + patch = expected) and server-side apply (a sequence of applies by managers).
 */
class MergeFixturesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<Path> strategicMerge() throws IOException, URISyntaxException {
    return fixtures("sim/strategic-merge");
  }

  static Stream<Path> serverSideApply() throws IOException, URISyntaxException {
    return fixtures("sim/server-side-apply");
  }

  private static Stream<Path> fixtures(String dir) throws IOException, URISyntaxException {
    Path root = Path.of(MergeFixturesTest.class.getClassLoader().getResource(dir).toURI());
    return Files.list(root).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategicMerge")
  void strategicMergePatch(Path fixture) throws IOException {
    JsonNode f = YAML.readTree(fixture.toFile());

    JsonNode patched = StrategicMerge.apply(f.get("original"), f.get("patch"));

    assertThat(patched).as(f.path("description").asText()).isEqualTo(f.get("expected"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serverSideApply")
  void serverSideApplySequence(Path fixture) throws IOException {
    JsonNode f = YAML.readTree(fixture.toFile());
    ObjectNode live = null;
    for (JsonNode step : f.get("steps")) {
      ObjectNode applied = (ObjectNode) step.get("applied");
      String manager = step.get("manager").asText();
      boolean force = step.path("force").asBoolean(false);
      ObjectNode before = live;
      if (step.has("conflict")) {
        assertThatThrownBy(
                () -> ServerSideApply.apply(before, applied, manager, force, "v1", "Thing", "t"))
            .isInstanceOfSatisfying(
                SimulatorError.class,
                e -> {
                  assertThat(e.code).isEqualTo(409);
                  assertThat(e.getMessage()).contains(step.get("conflict").asText());
                });
      } else {
        live = ServerSideApply.apply(before, applied, manager, force, "v1", "Thing", "t");
      }
    }

    assertThat(withoutManagedFields(live))
        .as(f.path("description").asText())
        .isEqualTo(f.get("expected"));
  }

  private static JsonNode withoutManagedFields(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    if (copy.get("metadata") instanceof ObjectNode meta) {
      meta.remove("managedFields");
      if (meta.isEmpty()) {
        copy.remove("metadata");
      }
    }
    return copy;
  }
}
