package io.gitops.gateway.health;

import static io.gitops.gateway.health.Verdicts.degraded;
import static io.gitops.gateway.health.Verdicts.healthy;
import static io.gitops.gateway.health.Verdicts.progressing;
import static io.gitops.gateway.health.Verdicts.unknown;

import io.gitops.gateway.model.HealthResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pods. A pod that restarts forever (restartPolicy Always) is Degraded as soon as a container is
 * stuck (ErrImagePull, CrashLoopBackOff ...) or it stays unschedulable for five minutes. Pods that
 * run to completion (hooks, job pods) are only judged by their phase, so a hook is not failed early
 * for a problem that may still resolve.
 */
final class PodHealth {
  private static final Duration UNSCHEDULABLE_GRACE = Duration.ofMinutes(5);

  private PodHealth() {}

  static HealthResult assess(Map<String, Object> pod, Clock clock) {
    boolean restartsForever =
        "Always".equals(NestedFields.string(pod, "spec", "restartPolicy"))
            || NestedFields.get(pod, "spec", "restartPolicy") == null;
    if (restartsForever) {
      HealthResult stuck = stuck(pod, clock);
      if (stuck != null) {
        return stuck;
      }
    }
    String message = NestedFields.string(pod, "status", "message");
    switch (NestedFields.string(pod, "status", "phase")) {
      case "Pending":
        return progressing(message);
      case "Succeeded":
        return healthy(message);
      case "Failed":
        return degraded(message.isEmpty() ? failureOf(pod) : message);
      case "Running":
        if (!restartsForever) {
          return progressing(message);
        }
        if ("True".equals(NestedFields.string(NestedFields.condition(pod, "Ready"), "status"))) {
          return healthy(message);
        }
        for (Object c : NestedFields.list(pod, "status", "containerStatuses")) {
          if (!NestedFields.map(c, "lastState", "terminated").isEmpty()) {
            return degraded(
                message.isEmpty()
                    ? "container \""
                        + NestedFields.string(c, "name")
                        + "\" restarted after terminating"
                    : message);
          }
        }
        return progressing(message);
      default:
        return unknown(message);
    }
  }

  private static HealthResult stuck(Map<String, Object> pod, Clock clock) {
    List<String> messages = new ArrayList<>();
    List<Object> statuses =
        new ArrayList<>(NestedFields.list(pod, "status", "initContainerStatuses"));
    statuses.addAll(NestedFields.list(pod, "status", "containerStatuses"));
    for (Object c : statuses) {
      String reason = NestedFields.string(c, "state", "waiting", "reason");
      if (reason.startsWith("Err") || reason.endsWith("Error") || reason.endsWith("BackOff")) {
        String text = NestedFields.string(c, "state", "waiting", "message");
        messages.add(text.isEmpty() ? reason : text);
      }
    }
    if (!messages.isEmpty()) {
      return degraded(String.join(", ", messages));
    }
    Map<String, Object> scheduled = NestedFields.condition(pod, "PodScheduled");
    if ("False".equals(NestedFields.string(scheduled, "status"))) {
      Instant since = instant(NestedFields.string(scheduled, "lastTransitionTime"));
      if (since != null && since.plus(UNSCHEDULABLE_GRACE).isBefore(clock.instant())) {
        return degraded(NestedFields.string(scheduled, "message"));
      }
    }
    return null;
  }

  private static String failureOf(Map<String, Object> pod) {
    List<Object> statuses =
        new ArrayList<>(NestedFields.list(pod, "status", "initContainerStatuses"));
    statuses.addAll(NestedFields.list(pod, "status", "containerStatuses"));
    for (Object c : statuses) {
      Map<String, Object> terminated = NestedFields.map(c, "state", "terminated");
      if (terminated.isEmpty()) {
        continue;
      }
      String message = NestedFields.string(terminated, "message");
      if (!message.isEmpty()) {
        return message;
      }
      if ("OOMKilled".equals(NestedFields.string(terminated, "reason"))) {
        return "OOMKilled";
      }
      long exitCode = NestedFields.number(terminated, 0, "exitCode");
      if (exitCode != 0) {
        return "container \""
            + NestedFields.string(c, "name")
            + "\" failed with exit code "
            + exitCode;
      }
    }
    return "";
  }

  private static Instant instant(String text) {
    try {
      return text.isEmpty() ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
