package io.gitops.gateway.tenancy;

import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.render.KubernetesNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pure: the tenant's rules applied to every rendered object of a sync. An app's destination was
 * checked when it was registered, but what Git renders can name any namespace or kind, and the
 * tenant file can narrow since, so each object (and the app's source) is checked again right before
 * a sync; any violation fails the whole sync.
 */
public final class DestinationPolicy {
  private DestinationPolicy() {}

  /**
   * The app's source against the tenant's {@code sourceRepos} as they are now, then every object:
   * one message per rule broken; empty when the sync may go ahead.
   */
  public static List<String> check(Tenant tenant, AppSpec spec, List<Map<String, Object>> objects) {
    List<String> violations = new ArrayList<>();
    for (AppSpec.Source source : spec.allSources()) {
      String repo = source.repoUrl();
      if (!tenant.allowsSource(repo)) {
        violations.add(
            "source " + repo + " is not allowed by tenant " + tenant.id() + "'s sourceRepos");
      }
    }
    String namespace = spec.destination().namespace();
    if (namespace != null
        && !namespace.isEmpty()
        && KubernetesNames.namespaceProblem(namespace) != null) {
      violations.add("destination: " + KubernetesNames.namespaceProblem(namespace));
    }
    violations.addAll(check(tenant, spec.destination().cluster().value(), objects));
    return violations;
  }

  /** One message per object that breaks a rule; empty when the sync may go ahead. */
  public static List<String> check(
      Tenant tenant, String cluster, List<Map<String, Object>> objects) {
    List<String> violations = new ArrayList<>();
    for (Map<String, Object> object : objects) {
      ResourceKey key = ResourceKey.of(object);
      String badName = nameProblem(key);
      if (badName != null) {
        violations.add(key.kind() + " " + KubernetesNames.quoted(key.name()) + ": " + badName);
      } else if (tenant.kinds().denies(key.group(), key.kind())) {
        String gk = key.group().isEmpty() ? key.kind() : key.group() + "/" + key.kind();
        violations.add(key + ": kind " + gk + " is denied for tenant " + tenant.id());
      } else if (isNamespace(key) && !tenant.allowsDestination(cluster, key.name())) {
        // kinds.allow: [Namespace] lets a tenant create its own namespaces, never name another
        // tenant's.
        violations.add(
            key
                + ": Namespace "
                + key.name()
                + " on cluster "
                + cluster
                + " is outside tenant "
                + tenant.id()
                + "'s destinations");
      } else if (!key.namespace().isEmpty()
          && !tenant.allowsDestination(cluster, key.namespace())) {
        violations.add(
            key
                + ": namespace "
                + key.namespace()
                + " on cluster "
                + cluster
                + " is outside tenant "
                + tenant.id()
                + "'s destinations");
      }
    }
    return violations;
  }

  static boolean isNamespace(ResourceKey key) {
    return key.group().isEmpty() && key.kind().equals("Namespace");
  }

  /** Checked again here: the destination namespace was filled in after the render's own check. */
  private static String nameProblem(ResourceKey key) {
    String problem = KubernetesNames.nameProblem(key.group(), key.kind(), key.name());
    return problem != null || key.namespace().isEmpty()
        ? problem
        : KubernetesNames.namespaceProblem(key.namespace());
  }
}
