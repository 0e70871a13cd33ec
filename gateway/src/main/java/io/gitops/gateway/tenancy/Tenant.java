package io.gitops.gateway.tenancy;

import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.source.RepoUrl;
import java.util.List;
import java.util.Map;

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
  public Tenant(
      TenantId id,
      String displayName,
      Map<String, Role> groupRoles,
      List<String> sourceRepos,
      List<Destination> destinations) {
    this(
        id,
        displayName,
        groupRoles,
        sourceRepos,
        destinations,
        KindRules.DEFAULT,
        Quotas.NONE,
        List.of());
  }

  public record Destination(String cluster, String namespace) {
    boolean allows(String c, String ns) {
      return Globs.matches(cluster, c) && Globs.matches(namespace, ns);
    }
  }

  /** Limits on what a tenant may register; null means unlimited. */
  public record Quotas(Integer maxApps, Integer maxClusters) {
    public static final Quotas NONE = new Quotas(null, null);

    /**
     * Why registering {@code next} beside the tenant's {@code others} breaks a quota; empty if it
     * fits.
     */
    public java.util.Optional<String> exceededBy(List<AppSpec> others, AppSpec next) {
      List<AppSpec> after =
          new java.util.ArrayList<>(
              others.stream().filter(a -> !a.id().equals(next.id())).toList());
      after.add(next);
      if (maxApps != null && after.size() > maxApps) {
        return java.util.Optional.of(
            "the tenant may have at most " + maxApps + " apps (quotas.maxApps)");
      }
      long clusters = after.stream().map(a -> a.destination().cluster()).distinct().count();
      if (maxClusters != null && clusters > maxClusters) {
        return java.util.Optional.of(
            "the tenant may deploy to at most " + maxClusters + " clusters (quotas.maxClusters)");
      }
      return java.util.Optional.empty();
    }
  }

  /**
   * True when a sourceRepos entry admits the URL. URLs are compared parsed and normalised (scheme,
   * host, port, path segments): {@code *} stays inside one path segment, {@code **} spans any
   * number of them, and a URL with '..', '%2e' or similar tricks is never admitted.
   */
  public boolean allowsSource(String repoUrl) {
    return admits(repoUrl, RepoUrl::parse, false);
  }

  /**
   * True when a sourceRepos entry admits some repository under the URL prefix (a credential for
   * {@code https://git.example.com/team-a/} fits {@code https://git.example.com/team-a/*}).
   */
  public boolean allowsSourcePrefix(String prefix) {
    return admits(prefix, RepoUrl::prefix, true);
  }

  private boolean admits(
      String raw, java.util.function.Function<String, RepoUrl> parser, boolean prefix) {
    RepoUrl url;
    try {
      url = parser.apply(raw);
    } catch (RepoUrl.Invalid e) {
      return false;
    }
    return sourceRepos.stream().anyMatch(g -> UrlGlob.matches(g, url, prefix));
  }

  public boolean allowsDestination(String cluster, String namespace) {
    return destinations.stream().anyMatch(d -> d.allows(cluster, namespace));
  }

  /**
   * Shell-style globs ('*' any run of characters but '/', '?' one such character), matched against
   * the whole value, in time linear in the value for each star (no regex, no exponential
   * backtracking).
   */
  static final class Globs {
    private Globs() {}

    static boolean matches(String glob, String value) {
      return wild(glob, value, '/');
    }

    /**
     * The classic two-pointer wildcard match: on a mismatch, retry from the last star one character
     * further, never from earlier stars; {@code separator} is a character no star or '?' takes.
     */
    static boolean wild(String glob, String value, char separator) {
      int g = 0;
      int v = 0;
      int star = -1;
      int resume = 0;
      while (v < value.length()) {
        char c = value.charAt(v);
        if (g < glob.length() && glob.charAt(g) == '*') {
          star = g++;
          resume = v;
        } else if (g < glob.length()
            && (glob.charAt(g) == c && c != '*' || glob.charAt(g) == '?' && c != separator)) {
          g++;
          v++;
        } else if (star >= 0 && value.charAt(resume) != separator) {
          g = star + 1;
          v = ++resume;
        } else {
          return false;
        }
      }
      while (g < glob.length() && glob.charAt(g) == '*') {
        g++;
      }
      return g == glob.length();
    }
  }

  /**
   * A sourceRepos entry as a URL pattern: scheme, optional user, host and port globs (a star stays
   * within one DNS label), path globs per segment with '**' for any number of segments. An entry
   * that is just '*' admits every URL (as in Argo CD). A trailing ".git" or "/" does not matter.
   */
  static final class UrlGlob {
    private static final java.util.Map<String, String> PORTS =
        java.util.Map.of("https", "443", "http", "80", "ssh", "22", "git", "9418");

    private UrlGlob() {}

    /**
     * {@code prefix}: true when the URL is a folder some repository under which the glob admits.
     */
    static boolean matches(String glob, RepoUrl url, boolean prefix) {
      if (glob.equals("*") || glob.equals("**")) {
        return true;
      }
      String scheme;
      String rest;
      int sep = glob.indexOf("://");
      if (sep > 0) {
        scheme = glob.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
        rest = glob.substring(sep + 3);
      } else if (glob.startsWith("/")) {
        scheme = "file";
        rest = glob;
      } else {
        int colon = glob.indexOf(':');
        if (colon < 0) {
          return false;
        }
        scheme = "ssh";
        String path = glob.substring(colon + 1);
        rest = glob.substring(0, colon) + ":22" + (path.startsWith("/") ? path : "/" + path);
      }
      if (!Globs.wild(scheme, url.scheme(), '/')) {
        return false;
      }
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      String path = slash < 0 ? "" : rest.substring(slash);
      return authorityMatches(scheme, authority, url) && pathMatches(path, url.path(), prefix);
    }

    private static boolean authorityMatches(String scheme, String authority, RepoUrl url) {
      if (url.local()) {
        return authority.isEmpty() || authority.equals("localhost");
      }
      int at = authority.lastIndexOf('@');
      if (at >= 0
          && !Globs.wild(authority.substring(0, at), url.user() == null ? "" : url.user(), '/')) {
        return false;
      }
      String hostPort = authority.substring(at + 1);
      int colon = hostPort.lastIndexOf(':');
      boolean bracketed = hostPort.startsWith("[");
      if (colon >= 0 && bracketed && colon < hostPort.indexOf(']')) {
        colon = -1;
      }
      String host =
          (colon < 0 ? hostPort : hostPort.substring(0, colon)).toLowerCase(java.util.Locale.ROOT);
      String port = colon < 0 ? PORTS.getOrDefault(scheme, "") : hostPort.substring(colon + 1);
      return Globs.wild(host, url.host(), '.') && Globs.wild(port, String.valueOf(url.port()), '/');
    }

    private static boolean pathMatches(String glob, String path, boolean prefix) {
      String[] g = segments(glob);
      String[] v = segments(path);
      // the wildcard match again, over segments: '**' is the star, a segment glob the character
      int gi = 0;
      int vi = 0;
      int star = -1;
      int resume = 0;
      while (vi < v.length) {
        if (gi < g.length && g[gi].equals("**")) {
          star = gi++;
          resume = vi;
        } else if (gi < g.length && Globs.wild(g[gi], v[vi], '/')) {
          gi++;
          vi++;
        } else if (star >= 0) {
          gi = star + 1;
          vi = ++resume;
        } else {
          return false;
        }
      }
      while (gi < g.length && g[gi].equals("**")) {
        gi++;
      }
      return prefix || gi == g.length;
    }

    private static String[] segments(String path) {
      String p = path;
      while (p.endsWith("/")) {
        p = p.substring(0, p.length() - 1);
      }
      if (p.endsWith(".git")) {
        p = p.substring(0, p.length() - 4);
      }
      p = p.startsWith("/") ? p.substring(1) : p;
      return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
  }
}
