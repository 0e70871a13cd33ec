package io.gitops.gateway.tenancy;

import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.TenantId;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A tenant as defined in tenants/NAME.yaml (or through the admin API): who has which role, where
 * its apps may come from and go, which kinds they may hold, how many, and when they may sync.
 */
public record Tenant(
    TenantId id,
    String displayName,
    Map<String, Role> groupRoles,
    List<String> sourceRepos,
    List<Destination> destinations,
    KindRules kinds,
    Quotas quotas,
    List<SyncWindow> syncWindows) {

  /** A tenant with the default kind rules, no quotas and no sync windows. */
  public Tenant(TenantId id, String displayName, Map<String, Role> groupRoles, List<String> sourceRepos,
      List<Destination> destinations) {
    this(id, displayName, groupRoles, sourceRepos, destinations, KindRules.DEFAULT, Quotas.NONE, List.of());
  }

  public record Destination(String cluster, String namespace) {
    boolean allows(String c, String ns) {
      return Globs.matches(cluster, c) && Globs.matches(namespace, ns);
    }
  }

  /** Limits on what a tenant may register; null means unlimited. */
  public record Quotas(Integer maxApps, Integer maxClusters) {
    public static final Quotas NONE = new Quotas(null, null);

    /** Why registering {@code next} beside the tenant's {@code others} breaks a quota; empty if it fits. */
    public java.util.Optional<String> exceededBy(List<AppSpec> others, AppSpec next) {
      List<AppSpec> after = new java.util.ArrayList<>(others.stream().filter(a -> !a.id().equals(next.id())).toList());
      after.add(next);
      if (maxApps != null && after.size() > maxApps) {
        return java.util.Optional.of("the tenant may have at most " + maxApps + " apps (quotas.maxApps)");
      }
      long clusters = after.stream().map(a -> a.destination().cluster()).distinct().count();
      if (maxClusters != null && clusters > maxClusters) {
        return java.util.Optional.of("the tenant may deploy to at most " + maxClusters + " clusters (quotas.maxClusters)");
      }
      return java.util.Optional.empty();
    }
  }

  public boolean allowsSource(String repoUrl) {
    return sourceRepos.stream().anyMatch(g -> Globs.matches(g, repoUrl));
  }

  public boolean allowsDestination(String cluster, String namespace) {
    return destinations.stream().anyMatch(d -> d.allows(cluster, namespace));
  }

  /**
   * Shell-style globs ('*' any run of characters, '?' one), matched against the whole value. The
   * compiled patterns are cached: the same few globs are checked against every object of every sync.
   */
  static final class Globs {
    private static final int MAX_CACHED = 10_000;
    private static final java.util.concurrent.ConcurrentHashMap<String, Pattern> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private Globs() {}

    static boolean matches(String glob, String value) {
      Pattern p = CACHE.get(glob);
      if (p == null) {
        if (CACHE.size() >= MAX_CACHED) {
          CACHE.clear();
        }
        p = CACHE.computeIfAbsent(glob, Globs::compile);
      }
      return p.matcher(value).matches();
    }

    private static Pattern compile(String glob) {
      StringBuilder regex = new StringBuilder();
      for (char c : glob.toCharArray()) {
        if (c == '*') {
          regex.append(".*");
        } else if (c == '?') {
          regex.append('.');
        } else {
          regex.append(Pattern.quote(String.valueOf(c)));
        }
      }
      return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
  }
}
