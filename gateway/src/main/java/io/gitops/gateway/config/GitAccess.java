package io.gitops.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code git.*} keys that bound what a tenant's repository URL may reach and what a fetch may
 * cost: {@code allowed-schemes}, {@code allowed-local-paths}, {@code allowed-hosts}, {@code
 * fetch-timeout-seconds}, {@code max-mirror-bytes}, {@code fetches-per-tenant}. Plain values, so
 * that {@code config} stays a leaf: the gateway turns them into the source stage's {@code
 * RepoUrlPolicy} and {@code FetchLimits}.
 */
public record GitAccess(
    Set<String> allowedSchemes,
    List<Path> allowedLocalPaths,
    List<String> allowedHosts,
    Duration fetchTimeout,
    long maxMirrorBytes,
    int fetchesPerTenant) {
  private static final Set<String> SCHEMES = Set.of("https", "ssh", "http", "git", "file");
  private static final Set<String> DEFAULT_SCHEMES = Set.of("https", "ssh");

  /**
   * Production's defaults: https and ssh to public hosts only; 120 s and 1 GiB a fetch, 2 per
   * tenant.
   */
  public static GitAccess defaults() {
    return new GitAccess(
        DEFAULT_SCHEMES, List.of(), List.of(), Duration.ofSeconds(120), 1L << 30, 2);
  }

  static GitAccess from(ConfigSource src) {
    List<String> schemes = strings(src, "git.allowed-schemes", List.copyOf(DEFAULT_SCHEMES));
    for (String s : schemes) {
      if (!SCHEMES.contains(s.toLowerCase(Locale.ROOT))) {
        throw new ConfigException(
            "git.allowed-schemes", "'" + s + "' is not one of " + String.join(", ", SCHEMES));
      }
    }
    List<Path> local =
        strings(src, "git.allowed-local-paths", List.of()).stream()
            .map(
                p -> {
                  if (!p.startsWith("/")) {
                    throw new ConfigException(
                        "git.allowed-local-paths", "'" + p + "' is not an absolute path");
                  }
                  return Path.of(p);
                })
            .toList();
    List<String> hosts = strings(src, "git.allowed-hosts", List.of());
    for (String h : hosts) {
      if (!h.matches("[A-Za-z0-9.:\\-\\[\\]]+(/[0-9]{1,3})?")) {
        throw new ConfigException(
            "git.allowed-hosts", "'" + h + "' is neither a host name nor a CIDR block");
      }
    }
    GitAccess d = defaults();
    return new GitAccess(
        Set.copyOf(schemes),
        local,
        hosts,
        Duration.ofSeconds(
            src.integer(
                "git.fetch-timeout-seconds", (int) d.fetchTimeout().toSeconds(), 1, 86_400)),
        longValue(src, "git.max-mirror-bytes", d.maxMirrorBytes()),
        src.integer("git.fetches-per-tenant", d.fetchesPerTenant(), 1, 1000));
  }

  /** A YAML list, or (from the environment) a comma-separated string. */
  private static List<String> strings(ConfigSource src, String key, List<String> fallback) {
    Object value = src.raw(key);
    if (value == null) {
      return fallback;
    }
    List<?> items =
        value instanceof List<?> l
            ? l
            : List.of(String.valueOf(value).split(",")).stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    for (Object o : items) {
      if (!(o instanceof String) || ((String) o).isBlank()) {
        throw new ConfigException(key, "must be a list of non-empty strings");
      }
    }
    return items.stream().map(o -> ((String) o).trim()).toList();
  }

  private static long longValue(ConfigSource src, String key, long fallback) {
    String value = src.string(key, null);
    if (value == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n < 1024) {
        throw new ConfigException(key, "must be at least 1024 bytes, got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be a whole number of bytes, got '" + value + "'");
    }
  }
}
