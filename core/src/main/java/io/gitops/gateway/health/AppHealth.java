package io.gitops.gateway.health;

import io.gitops.gateway.model.HealthResult;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.ResourceKey;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An app's health: the worst of its objects' (in {@link HealthStatus} order: Degraded, Missing,
 * Unknown, Progressing, Suspended, Healthy), naming the objects that decided it.
 */
public record AppHealth(HealthStatus status, List<ResourceKey> decidedBy, String message) {
  private static final int MESSAGES_SHOWN = 3;

  public AppHealth {
    Objects.requireNonNull(status, "status");
    decidedBy = List.copyOf(decidedBy);
    message = message == null ? "" : message;
  }

  public static AppHealth aggregate(Map<ResourceKey, HealthResult> perObject) {
    if (perObject == null || perObject.isEmpty()) {
      return new AppHealth(HealthStatus.HEALTHY, List.of(), "No objects to assess");
    }
    HealthStatus worst =
        perObject.values().stream()
            .map(HealthResult::status)
            .min(Comparator.naturalOrder())
            .orElseThrow();
    List<ResourceKey> deciders =
        perObject.entrySet().stream()
            .filter(e -> e.getValue().status() == worst)
            .map(Map.Entry::getKey)
            .sorted(Comparator.comparing(ResourceKey::toString))
            .collect(Collectors.toList());
    if (worst == HealthStatus.HEALTHY) {
      return new AppHealth(worst, deciders, "All " + deciders.size() + " objects are healthy");
    }
    String detail =
        deciders.stream()
            .limit(MESSAGES_SHOWN)
            .map(
                key -> {
                  String text = perObject.get(key).message();
                  return text.isEmpty() ? key + " is " + worst.label() : key + ": " + text;
                })
            .collect(Collectors.joining("; "));
    int more = deciders.size() - MESSAGES_SHOWN;
    return new AppHealth(worst, deciders, more > 0 ? detail + " (and " + more + " more)" : detail);
  }
}
