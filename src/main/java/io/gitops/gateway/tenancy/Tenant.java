package io.gitops.gateway.tenancy;

import io.gitops.gateway.model.TenantId;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A tenant as defined in tenants/NAME.yaml: who has which role, and where its apps may come from and go. */
public record Tenant(
    TenantId id,
    String displayName,
    Map<String, Role> groupRoles,
    List<String> sourceRepos,
    List<Destination> destinations) {

  public record Destination(String cluster, String namespace) {
    boolean allows(String c, String ns) {
      return Globs.matches(cluster, c) && Globs.matches(namespace, ns);
    }
  }

  public boolean allowsSource(String repoUrl) {
    return sourceRepos.stream().anyMatch(g -> Globs.matches(g, repoUrl));
  }

  public boolean allowsDestination(String cluster, String namespace) {
    return destinations.stream().anyMatch(d -> d.allows(cluster, namespace));
  }

  /** Shell-style globs ('*' any run of characters, '?' one), matched against the whole value. */
  static final class Globs {
    private Globs() {}

    static boolean matches(String glob, String value) {
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
      return value.matches(regex.toString());
    }
  }
}
