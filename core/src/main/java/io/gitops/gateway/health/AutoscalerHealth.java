package io.gitops.gateway.health;

import static io.gitops.gateway.health.Verdicts.degraded;
import static io.gitops.gateway.health.Verdicts.healthy;
import static io.gitops.gateway.health.Verdicts.progressing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops.gateway.model.HealthResult;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HorizontalPodAutoscalers, from their conditions (autoscaling/v2*: status.conditions; v1: the
 * autoscaling.alpha.kubernetes.io/conditions annotation). The first condition that says it failed
 * to scale or to read metrics makes it Degraded; the first AbleToScale or ScalingLimited that is
 * True makes it Healthy; otherwise it is still waiting to autoscale.
 */
final class AutoscalerHealth {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FAILURES =
      Set.of(
          "AbleToScale/FailedGetScale", "AbleToScale/FailedUpdateScale",
          "ScalingActive/FailedGetResourceMetric", "ScalingActive/InvalidSelector");
  private static final Set<String> HEALTHY_WHEN_TRUE = Set.of("AbleToScale", "ScalingLimited");
  private static final String V1_CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions";

  private AutoscalerHealth() {}

  static HealthResult assess(Map<String, Object> hpa) {
    List<Object> conditions;
    if ("autoscaling/v1".equals(NestedFields.string(hpa, "apiVersion"))) {
      String annotation = NestedFields.string(hpa, "metadata", "annotations", V1_CONDITIONS);
      if (annotation.isBlank()) {
        return waiting();
      }
      try {
        conditions = JSON.readValue(annotation, List.class);
      } catch (JsonProcessingException | ClassCastException e) {
        return Verdicts.unknown(
            "Cannot read the " + V1_CONDITIONS + " annotation: not a JSON list");
      }
    } else {
      conditions = NestedFields.list(hpa, "status", "conditions");
    }
    for (Object c : conditions) {
      String type = NestedFields.string(c, "type");
      if (FAILURES.contains(type + "/" + NestedFields.string(c, "reason"))) {
        return degraded(NestedFields.string(c, "message"));
      }
      if (HEALTHY_WHEN_TRUE.contains(type) && "True".equals(NestedFields.string(c, "status"))) {
        return healthy(NestedFields.string(c, "message"));
      }
    }
    return waiting();
  }

  private static HealthResult waiting() {
    return progressing("Waiting to Autoscale");
  }
}
