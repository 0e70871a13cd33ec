package io.gitops.gateway.health;

import static io.gitops.gateway.health.Verdicts.healthy;
import static io.gitops.gateway.health.Verdicts.progressing;

import io.gitops.gateway.model.HealthResult;
import java.util.Map;

/** StatefulSets and DaemonSets, following {@code kubectl rollout status}. */
final class SetHealth {
  private SetHealth() {}

  static HealthResult statefulSet(Map<String, Object> s) {
    long observedGeneration = NestedFields.number(s, 0, "status", "observedGeneration");
    if (observedGeneration == 0 || !RolloutHealth.observed(s)) {
      return progressing("Waiting for statefulset spec update to be observed...");
    }
    long desired = NestedFields.number(s, -1, "spec", "replicas");
    long ready = NestedFields.number(s, 0, "status", "readyReplicas");
    if (desired >= 0 && ready < desired) {
      return progressing("Waiting for " + (desired - ready) + " pods to be ready...");
    }
    String strategy = NestedFields.string(s, "spec", "updateStrategy", "type");
    Object partition = NestedFields.get(s, "spec", "updateStrategy", "rollingUpdate", "partition");
    long updated = NestedFields.number(s, 0, "status", "updatedReplicas");
    if ("RollingUpdate".equals(strategy) && partition != null && desired >= 0) {
      long expected =
          desired
              - NestedFields.number(s, 0, "spec", "updateStrategy", "rollingUpdate", "partition");
      if (updated < expected) {
        return progressing(
            "Waiting for partitioned roll out to finish: "
                + updated
                + " out of "
                + expected
                + " new pods have been updated...");
      }
      return healthy(
          "partitioned roll out complete: " + updated + " new pods have been updated...");
    }
    if ("OnDelete".equals(strategy)) {
      return healthy("statefulset has " + ready + " ready pods");
    }
    String updateRevision = NestedFields.string(s, "status", "updateRevision");
    if (!updateRevision.equals(NestedFields.string(s, "status", "currentRevision"))) {
      return progressing(
          "waiting for statefulset rolling update to complete "
              + updated
              + " pods at revision "
              + updateRevision
              + "...");
    }
    return healthy(
        "statefulset rolling update complete "
            + NestedFields.number(s, 0, "status", "currentReplicas")
            + " pods at revision "
            + updateRevision
            + "...");
  }

  static HealthResult daemonSet(Map<String, Object> ds) {
    if (!RolloutHealth.observed(ds)) {
      return progressing(
          "Waiting for rollout to finish: observed daemon set generation less than desired generation");
    }
    long desired = NestedFields.number(ds, 0, "status", "desiredNumberScheduled");
    long updated = NestedFields.number(ds, 0, "status", "updatedNumberScheduled");
    if ("OnDelete".equals(NestedFields.string(ds, "spec", "updateStrategy", "type"))) {
      return healthy(
          "daemon set " + updated + " out of " + desired + " new pods have been updated");
    }
    String name = NestedFields.string(ds, "metadata", "name");
    if (updated < desired) {
      return progressing(
          "Waiting for daemon set \""
              + name
              + "\" rollout to finish: "
              + updated
              + " out of "
              + desired
              + " new pods have been updated...");
    }
    long available = NestedFields.number(ds, 0, "status", "numberAvailable");
    if (available < desired) {
      return progressing(
          "Waiting for daemon set \""
              + name
              + "\" rollout to finish: "
              + available
              + " of "
              + desired
              + " updated pods are available...");
    }
    return healthy("");
  }
}
