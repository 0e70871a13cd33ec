package io.gitops.gateway.health;

import io.gitops.gateway.model.HealthStatus;
import java.util.List;
import java.util.Map;

/**
 * One rule of a {@link ConditionRules} file: for objects of a group and kind (null = any), the
 * first matching condition decides the health; {@code otherwise} applies when none matches (null =
 * no verdict).
 */
public record ConditionRule(
    String group,
    String kind,
    List<When> conditions,
    HealthStatus otherwise,
    boolean checkObservedGeneration) {

  /** "status.conditions has type T with status S (and reason R, if given)" gives health H. */
  public record When(String type, String status, String reason, HealthStatus health) {
    boolean matches(Object condition) {
      return type.equals(NestedFields.string(condition, "type"))
          && (status == null || status.equalsIgnoreCase(NestedFields.string(condition, "status")))
          && (reason == null || reason.equals(NestedFields.string(condition, "reason")));
    }
  }

  public ConditionRule {
    conditions = List.copyOf(conditions);
  }

  boolean selects(Map<String, Object> object) {
    return (group == null || group.equals("*") || group.equals(NestedFields.group(object)))
        && (kind == null || kind.equals("*") || kind.equals(NestedFields.string(object, "kind")));
  }
}
