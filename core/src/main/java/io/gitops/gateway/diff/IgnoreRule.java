package io.gitops.gateway.diff;

import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.ResourceKey;
import java.util.List;

/**
 * One entry of an app's {@code ignoreDifferences}: for the objects it selects (null group, kind,
 * namespace or name = any), differences under the given JSON pointers, JQ-like paths, or fields
 * owned by the named managers (an HPA owning spec.replicas) are not drift. Invalid paths are
 * rejected here, when the app's settings are read, with a message naming the expression.
 */
public record IgnoreRule(
    String group,
    String kind,
    String namespace,
    String name,
    List<String> jsonPointers,
    List<String> jqPathExpressions,
    List<String> managedFieldsManagers) {

  /** An app's {@code ignoreDifferences} entry; no group means the core group, as in Argo CD. */
  public static IgnoreRule of(AppSpec.IgnoreDifference d) {
    return new IgnoreRule(
        d.group() == null ? "" : d.group(),
        d.kind(),
        d.namespace(),
        d.name(),
        d.jsonPointers(),
        d.jqPathExpressions(),
        d.managedFieldsManagers());
  }

  public IgnoreRule {
    jsonPointers = jsonPointers == null ? List.of() : List.copyOf(jsonPointers);
    jqPathExpressions = jqPathExpressions == null ? List.of() : List.copyOf(jqPathExpressions);
    managedFieldsManagers =
        managedFieldsManagers == null ? List.of() : List.copyOf(managedFieldsManagers);
    for (String pointer : jsonPointers) {
      JsonPointers.parse(pointer);
    }
    for (String jq : jqPathExpressions) {
      JqPath.compile(jq);
    }
  }

  public static IgnoreRule pointers(String group, String kind, String... pointers) {
    return new IgnoreRule(group, kind, null, null, List.of(pointers), List.of(), List.of());
  }

  public static IgnoreRule jq(String group, String kind, String... expressions) {
    return new IgnoreRule(group, kind, null, null, List.of(), List.of(expressions), List.of());
  }

  public static IgnoreRule managers(String group, String kind, String... managers) {
    return new IgnoreRule(group, kind, null, null, List.of(), List.of(), List.of(managers));
  }

  /**
   * The rules of an aggregated ClusterRole are filled in by the aggregation controller, not by Git
   * (Argo CD's "ignoreAggregatedRoles").
   */
  public static IgnoreRule aggregatedClusterRoles() {
    return jq(
        "rbac.authorization.k8s.io", "ClusterRole", "select(.aggregationRule != null) | .rules");
  }

  public boolean appliesTo(ResourceKey key) {
    return matches(group, key.group())
        && matches(kind, key.kind())
        && matches(namespace, key.namespace())
        && matches(name, key.name());
  }

  private static boolean matches(String pattern, String value) {
    return pattern == null || pattern.equals("*") || pattern.equals(value);
  }
}
