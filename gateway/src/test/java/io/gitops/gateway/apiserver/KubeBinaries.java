package io.gitops.gateway.apiserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the kube-apiserver and etcd binaries that {@code scripts/kube-binaries.sh} builds are: the
 * folder named by {@code KUBE_BIN_DIR}, else that script's default cache folder {@code
 * ${KUBE_BIN_CACHE:-~/.cache/gitops-gateway/kube}/${KUBE_VERSION:-v1.34.2}}.
 */
public record KubeBinaries(Path kubeApiServer, Path etcd) {
  public static final String DEFAULT_VERSION = "v1.34.2";

  /**
   * The binaries, or empty when either is missing; {@link #whatIsMissing()} says which and where.
   */
  public static Optional<KubeBinaries> find() {
    Path dir = folder();
    Path apiServer = dir.resolve("kube-apiserver");
    Path etcd = dir.resolve("etcd");
    return Files.isExecutable(apiServer) && Files.isExecutable(etcd)
        ? Optional.of(new KubeBinaries(apiServer, etcd))
        : Optional.empty();
  }

  /** A sentence naming the missing binaries and how to get them; empty when nothing is missing. */
  public static Optional<String> whatIsMissing() {
    Path dir = folder();
    List<String> missing =
        List.of("kube-apiserver", "etcd").stream()
            .filter(name -> !Files.isExecutable(dir.resolve(name)))
            .toList();
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        String.join(" and ", missing)
            + " not found in "
            + dir
            + " (run scripts/kube-binaries.sh, or set KUBE_BIN_DIR to a folder holding both)");
  }

  /**
   * Skips the calling test when the binaries are missing, with a message naming what is missing;
   * fails it instead when {@code KUBE_APISERVER_REQUIRED=true}, so that CI, which builds them
   * first, cannot pass by skipping.
   */
  public static void assumeAvailable() {
    whatIsMissing()
        .ifPresent(
            missing -> {
              String message = "real API server not available: " + missing;
              if (Boolean.parseBoolean(System.getenv("KUBE_APISERVER_REQUIRED"))) {
                throw new IllegalStateException(message + " (KUBE_APISERVER_REQUIRED=true)");
              }
              Assumptions.abort(message);
            });
  }

  public static Path folder() {
    String explicit = System.getenv("KUBE_BIN_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String cache = System.getenv("KUBE_BIN_CACHE");
    Path root =
        cache != null && !cache.isBlank()
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache", "gitops-gateway", "kube");
    String version = System.getenv("KUBE_VERSION");
    return root.resolve(version != null && !version.isBlank() ? version : DEFAULT_VERSION);
  }
}
