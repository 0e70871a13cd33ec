package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The status a real controller would write for a Deployment, StatefulSet or DaemonSet once its pods
 * have (or have not) become ready. An image containing ":bad" or "does-not-exist" never gets ready.
 */
final class WorkloadStatus {
  private WorkloadStatus() {}

  static boolean hasBadImage(JsonNode workload) {
    JsonNode podSpec = workload.path("spec").path("template").path("spec");
    for (String list : new String[] {"containers", "initContainers"}) {
      for (JsonNode c : podSpec.path(list)) {
        String image = c.path("image").asText("");
        if (image.contains(":bad") || image.contains("does-not-exist")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The status after a rollout; {@code deadlineExceeded} only matters for a Deployment that cannot
   * get ready.
   */
  static ObjectNode of(String kind, JsonNode workload, boolean deadlineExceeded) {
    boolean ready = !hasBadImage(workload);
    long generation = workload.path("metadata").path("generation").asLong(1);
    int replicas = workload.path("spec").path("replicas").asInt(1);
    String name = workload.path("metadata").path("name").asText();
    ObjectNode s = Json.object().put("observedGeneration", generation);
    switch (kind) {
      case "StatefulSet" -> {
        s.put("replicas", replicas)
            .put("currentReplicas", replicas)
            .put("updatedReplicas", replicas);
        if (ready) {
          s.put("readyReplicas", replicas).put("availableReplicas", replicas);
        }
        String revision =
            name + "-" + Integer.toHexString(workload.path("spec").path("template").hashCode());
        s.put("currentRevision", revision).put("updateRevision", revision).put("collisionCount", 0);
      }
      case "DaemonSet" -> { // one simulated node
        s.put("desiredNumberScheduled", 1)
            .put("currentNumberScheduled", 1)
            .put("updatedNumberScheduled", 1)
            .put("numberMisscheduled", 0)
            .put("numberReady", ready ? 1 : 0);
        if (ready) {
          s.put("numberAvailable", 1);
        } else {
          s.put("numberUnavailable", 1);
        }
      }
      default -> deployment(s, workload, name, replicas, ready, deadlineExceeded);
    }
    return s;
  }

  private static void deployment(
      ObjectNode s,
      JsonNode workload,
      String name,
      int replicas,
      boolean ready,
      boolean deadlineExceeded) {
    String rs = name + "-" + DeploymentRevisions.hash(workload.path("spec").path("template"));
    s.put("replicas", replicas).put("updatedReplicas", replicas);
    if (ready) {
      if (replicas > 0) {
        s.put("readyReplicas", replicas).put("availableReplicas", replicas);
      }
    } else if (replicas > 0) {
      s.put("unavailableReplicas", replicas);
    }
    ArrayNode conditions = s.putArray("conditions");
    boolean available = ready || replicas == 0;
    condition(
        conditions,
        "Available",
        available,
        available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
        available
            ? "Deployment has minimum availability."
            : "Deployment does not have minimum availability.");
    if (available) {
      condition(
          conditions,
          "Progressing",
          true,
          "NewReplicaSetAvailable",
          "ReplicaSet \"" + rs + "\" has successfully progressed.");
    } else if (deadlineExceeded) {
      condition(
          conditions,
          "Progressing",
          false,
          "ProgressDeadlineExceeded",
          "ReplicaSet \"" + rs + "\" has timed out progressing.");
    } else {
      condition(
          conditions,
          "Progressing",
          true,
          "ReplicaSetUpdated",
          "ReplicaSet \"" + rs + "\" is progressing.");
    }
  }

  private static void condition(
      ArrayNode conditions, String type, boolean status, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    conditions
        .addObject()
        .put("type", type)
        .put("status", status ? "True" : "False")
        .put("lastUpdateTime", now)
        .put("lastTransitionTime", now)
        .put("reason", reason)
        .put("message", message);
  }
}
