package io.gitops.gateway.health;

import static io.gitops.gateway.health.Verdicts.degraded;
import static io.gitops.gateway.health.Verdicts.healthy;
import static io.gitops.gateway.health.Verdicts.progressing;
import static io.gitops.gateway.health.Verdicts.suspended;

import io.gitops.gateway.model.HealthResult;
import java.util.Map;

/**
 * Deployments and ReplicaSets, as {@code kubectl rollout status} judges them: done when the
 * controller has observed the latest spec and every desired replica is updated and available.
 */
final class RolloutHealth {
  private RolloutHealth() {}

  static HealthResult deployment(Map<String, Object> d) {
    if (NestedFields.isTrue(d, "spec", "paused")) {
      return suspended("Deployment is paused");
    }
    if (!observed(d)) {
      return progressing(
          "Waiting for rollout to finish: observed deployment generation less than desired generation");
    }
    if ("ProgressDeadlineExceeded"
        .equals(NestedFields.string(NestedFields.condition(d, "Progressing"), "reason"))) {
      return degraded(
          "Deployment \""
              + NestedFields.string(d, "metadata", "name")
              + "\" exceeded its progress deadline");
    }
    long desired = NestedFields.number(d, -1, "spec", "replicas");
    long replicas = NestedFields.number(d, 0, "status", "replicas");
    long updated = NestedFields.number(d, 0, "status", "updatedReplicas");
    long available = NestedFields.number(d, 0, "status", "availableReplicas");
    if (desired >= 0 && updated < desired) {
      return progressing(
          "Waiting for rollout to finish: "
              + updated
              + " out of "
              + desired
              + " new replicas have been updated...");
    }
    if (replicas > updated) {
      return progressing(
          "Waiting for rollout to finish: "
              + (replicas - updated)
              + " old replicas are pending termination...");
    }
    if (available < updated) {
      return progressing(
          "Waiting for rollout to finish: "
              + available
              + " of "
              + updated
              + " updated replicas are available...");
    }
    return healthy("");
  }

  static HealthResult replicaSet(Map<String, Object> rs) {
    if (!observed(rs)) {
      return progressing(
          "Waiting for rollout to finish: observed replica set generation less than desired generation");
    }
    Map<String, Object> failure = NestedFields.condition(rs, "ReplicaFailure");
    if ("True".equals(NestedFields.string(failure, "status"))) {
      return degraded(NestedFields.string(failure, "message"));
    }
    long desired = NestedFields.number(rs, -1, "spec", "replicas");
    long available = NestedFields.number(rs, 0, "status", "availableReplicas");
    if (desired >= 0 && available < desired) {
      return progressing(
          "Waiting for rollout to finish: "
              + available
              + " out of "
              + desired
              + " new replicas are available...");
    }
    return healthy("");
  }

  /** The controller has seen the latest spec (an absent generation counts as seen). */
  static boolean observed(Map<String, Object> object) {
    return NestedFields.number(object, 0, "metadata", "generation")
        <= NestedFields.number(object, 0, "status", "observedGeneration");
  }
}
