package io.gitops.gateway.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real {@code kustomize} that {@code scripts/kustomize-binary.sh} builds: {@code
 * KUSTOMIZE_BIN}, else that script's default {@code
 * ~/.cache/gitops-gateway/kustomize/v5.8.2/kustomize}.
 */
record KustomizeBinary(Path path) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Path location() {
    String explicit = System.getenv("KUSTOMIZE_BIN");
    return explicit != null && !explicit.isBlank()
        ? Path.of(explicit)
        : Path.of(
            System.getProperty("user.home"),
            ".cache",
            "gitops-gateway",
            "kustomize",
            "v5.8.2",
            "kustomize");
  }

  /**
   * The binary, or the test is skipped naming what is missing; failed instead under {@code
   * KUSTOMIZE_REQUIRED=true}, so that CI, which builds it first, cannot pass by skipping.
   */
  static KustomizeBinary findOrSkip() {
    Path path = location();
    if (!Files.isExecutable(path)) {
      String message =
          "real kustomize not available: "
              + path
              + " not found (run scripts/kustomize-binary.sh, or set KUSTOMIZE_BIN)";
      if (Boolean.parseBoolean(System.getenv("KUSTOMIZE_REQUIRED"))) {
        throw new IllegalStateException(message + " (KUSTOMIZE_REQUIRED=true)");
      }
      Assumptions.abort(message);
    }
    return new KustomizeBinary(path);
  }

  /** {@code kustomize build DIR}, parsed: one map per object, in kustomize's output order. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> build(Path dir) {
    try {
      Path output = Files.createTempFile("kustomize-", ".yaml");
      Path errors = Files.createTempFile("kustomize-", ".err");
      try {
        Process p =
            new ProcessBuilder(path.toString(), "build", dir.toString())
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException("kustomize build " + dir + " ran over 120 s");
        }
        if (p.exitValue() != 0) {
          throw new IllegalStateException(
              "kustomize build "
                  + dir
                  + " failed: "
                  + Files.readString(errors, StandardCharsets.UTF_8));
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        try (var parser = YAML.createParser(output.toFile())) {
          YAML.readValues(parser, Map.class)
              .forEachRemaining(o -> objects.add((Map<String, Object>) o));
        }
        return objects;
      } finally {
        Files.deleteIfExists(output);
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
