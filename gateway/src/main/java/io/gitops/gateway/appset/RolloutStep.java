package io.gitops.gateway.appset;

import java.util.List;
import java.util.Map;

/**
 * One step of a progressive rollout: the generated apps whose labels match every expression (label
 * key In values), as Argo CD's RollingSync steps select them.
 */
public record RolloutStep(Map<String, List<String>> matchIn) {
  public boolean matches(Map<String, String> appLabels) {
    return matchIn.entrySet().stream()
        .allMatch(e -> e.getValue().contains(appLabels.get(e.getKey())));
  }

  /** The index of the first step matching, or {@code steps.size()} (after every step). */
  public static int of(List<RolloutStep> steps, Map<String, String> appLabels) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).matches(appLabels)) {
        return i;
      }
    }
    return steps.size();
  }
}
