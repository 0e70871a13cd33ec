package io.gitops.gateway.support;

import io.gitops.gateway.source.RepoUrlPolicy;
import io.gitops.gateway.source.SourceOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What tests allow that production does not: repositories on the test's own disk (file://) and Git
 * servers on loopback (http://, git://, ssh:// on 127.0.0.1), each through the configuration keys
 * an operator would set, so the defaults stay strict.
 */
public final class TestSources {
  public static final List<String> SCHEMES = List.of("https", "ssh", "http", "git", "file");
  public static final List<String> HOSTS = List.of("127.0.0.1", "localhost", "::1");

  private TestSources() {}

  /** The {@code git.allowed-*} keys of a test gateway working in {@code work}. */
  public static Map<String, Object> allowances(Path work) {
    return Map.of(
        "allowed-schemes",
        SCHEMES,
        "allowed-local-paths",
        List.of(work.toAbsolutePath().toString()),
        "allowed-hosts",
        HOSTS);
  }

  /** Source options for a GitSources made by a test in {@code work}. */
  public static SourceOptions options(Path work) {
    return SourceOptions.defaults()
        .withUrls(new RepoUrlPolicy(Set.copyOf(SCHEMES), List.of(work), HOSTS, null));
  }
}
