package io.gitops.gateway.health;

import io.gitops.gateway.model.HealthResult;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Health of the built-in Kubernetes kinds, following Argo CD's gitops-engine and {@code kubectl
 * rollout status}. Other kinds (custom resources) get no verdict: an empty Optional, never a guess.
 * An object being deleted is Progressing whatever its kind says.
 */
public final class BuiltInHealth implements HealthAssessor {
  private final Map<String, Function<Map<String, Object>, HealthResult>> byGroupKind;

  public BuiltInHealth() {
    this(Clock.systemUTC());
  }

  /** The clock decides when an unschedulable pod has waited long enough to be Degraded. */
  public BuiltInHealth(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    byGroupKind =
        Map.ofEntries(
            Map.entry("apps/Deployment", RolloutHealth::deployment),
            Map.entry("extensions/Deployment", RolloutHealth::deployment),
            Map.entry("apps/ReplicaSet", RolloutHealth::replicaSet),
            Map.entry("extensions/ReplicaSet", RolloutHealth::replicaSet),
            Map.entry("apps/StatefulSet", SetHealth::statefulSet),
            Map.entry("apps/DaemonSet", SetHealth::daemonSet),
            Map.entry("extensions/DaemonSet", SetHealth::daemonSet),
            Map.entry("/Pod", pod -> PodHealth.assess(pod, clock)),
            Map.entry("batch/Job", BatchHealth::job),
            Map.entry("batch/CronJob", BatchHealth::cronJob),
            Map.entry("/PersistentVolumeClaim", ServingHealth::persistentVolumeClaim),
            Map.entry("/Service", ServingHealth::service),
            Map.entry("networking.k8s.io/Ingress", ServingHealth::ingress),
            Map.entry("extensions/Ingress", ServingHealth::ingress),
            Map.entry("autoscaling/HorizontalPodAutoscaler", AutoscalerHealth::assess),
            Map.entry("apiregistration.k8s.io/APIService", ServingHealth::apiService));
  }

  /** Whether this assessor has rules for the kind of the object. */
  public boolean knows(Map<String, Object> object) {
    return byGroupKind.containsKey(
        NestedFields.group(object) + "/" + NestedFields.string(object, "kind"));
  }

  @Override
  public Optional<HealthResult> assess(Map<String, Object> object) {
    if (object == null) {
      return Optional.empty();
    }
    var rule =
        byGroupKind.get(NestedFields.group(object) + "/" + NestedFields.string(object, "kind"));
    if (rule == null) {
      return Optional.empty();
    }
    if (NestedFields.get(object, "metadata", "deletionTimestamp") != null) {
      return Optional.of(Verdicts.progressing("Pending deletion"));
    }
    return Optional.of(rule.apply(object));
  }
}
