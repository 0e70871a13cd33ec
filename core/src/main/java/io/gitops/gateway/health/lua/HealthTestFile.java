package io.gitops.gateway.health.lua;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Argo CD's {@code health_test.yaml}: a list of cases, each an object file and the verdict the
 * script must give for it.
 *
 * <pre>
 * tests:
 * - healthStatus:
 *     status: Healthy
 *     message: "..."
 *   inputPath: testdata/ready.yaml
 * </pre>
 *
 * A missing message means the script must give an empty one, as in Argo CD's own test runner.
 */
record HealthTestFile(List<Case> cases) {
  static final String NAME = "health_test.yaml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  record Case(String inputPath, String status, String message) {}

  /**
   * @throws IllegalArgumentException naming what is wrong with the file's shape
   */
  static HealthTestFile read(Path file) throws IOException {
    Object root = readYaml(file);
    if (!(root instanceof Map<?, ?> map) || !(map.get("tests") instanceof List<?> tests)) {
      throw new IllegalArgumentException("has no 'tests' list");
    }
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < tests.size(); i++) {
      String where = "test " + (i + 1);
      if (!(tests.get(i) instanceof Map<?, ?> test)
          || !(test.get("inputPath") instanceof String input)) {
        throw new IllegalArgumentException(where + " has no inputPath");
      }
      if (!(test.get("healthStatus") instanceof Map<?, ?> health) || health.get("status") == null) {
        throw new IllegalArgumentException(where + " has no healthStatus.status");
      }
      Object message = health.get("message");
      cases.add(
          new Case(
              input, health.get("status").toString(), message == null ? "" : message.toString()));
    }
    return new HealthTestFile(cases);
  }

  /** An object file (YAML or JSON) as the plain maps the assessor takes. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> readObject(Path file) throws IOException {
    Object value = readYaml(file);
    if (!(value instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("is not a Kubernetes object (a YAML mapping)");
    }
    return (Map<String, Object>) value;
  }

  /** Through Files, so a missing file is a NoSuchFileException the check can name plainly. */
  private static Object readYaml(Path file) throws IOException {
    try (var in = java.nio.file.Files.newInputStream(file)) {
      return YAML.readValue(in, Object.class);
    }
  }
}
