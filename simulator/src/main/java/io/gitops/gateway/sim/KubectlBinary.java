package io.gitops.gateway.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the real {@code kubectl} that {@code scripts/kubectl-binary.sh} builds is, for the tests
 * that run it against simulated clusters: {@code KUBECTL_BIN}, else that script's default {@code
 * ~/.cache/gitops-gateway/kubectl/v1.34.2/kubectl}. Tests skip naming what is missing, or fail
 * under {@code KUBECTL_REQUIRED=true} (as CI sets once the build succeeded).
 */
public final class KubectlBinary {
  public static final String DEFAULT_VERSION = "v1.34.2";

  private KubectlBinary() {}

  public static Path location() {
    String explicit = System.getenv("KUBECTL_BIN");
    return explicit != null && !explicit.isBlank()
        ? Path.of(explicit)
        : Path.of(
            System.getProperty("user.home"),
            ".cache",
            "gitops-gateway",
            "kubectl",
            DEFAULT_VERSION,
            "kubectl");
  }

  /** The binary, or empty with {@link #missing()} saying why. */
  public static Optional<Path> find() {
    Path path = location();
    return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
  }

  public static String missing() {
    return "real kubectl not available: "
        + location()
        + " not found (run scripts/kubectl-binary.sh, or set KUBECTL_BIN)";
  }

  /** Whether a missing kubectl must fail the test instead of skipping it. */
  public static boolean required() {
    return Boolean.parseBoolean(System.getenv("KUBECTL_REQUIRED"));
  }
}
