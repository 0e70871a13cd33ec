package io.gitops.gateway.health;

import static io.gitops.gateway.health.Verdicts.degraded;
import static io.gitops.gateway.health.Verdicts.healthy;
import static io.gitops.gateway.health.Verdicts.progressing;
import static io.gitops.gateway.health.Verdicts.unknown;

import io.gitops.gateway.model.HealthResult;
import java.util.Map;

/** Objects that serve or store: Services, Ingresses, PersistentVolumeClaims, APIServices. */
final class ServingHealth {
  private ServingHealth() {}

  /** Only a LoadBalancer Service waits: for its load balancer to get an address. */
  static HealthResult service(Map<String, Object> svc) {
    if (!"LoadBalancer".equals(NestedFields.string(svc, "spec", "type"))) {
      return healthy("");
    }
    return NestedFields.list(svc, "status", "loadBalancer", "ingress").isEmpty()
        ? progressing("Waiting for the load balancer to be assigned an address")
        : healthy("");
  }

  static HealthResult ingress(Map<String, Object> ingress) {
    return NestedFields.list(ingress, "status", "loadBalancer", "ingress").isEmpty()
        ? progressing("Waiting for the ingress controller to assign an address")
        : healthy("");
  }

  static HealthResult persistentVolumeClaim(Map<String, Object> pvc) {
    String phase = NestedFields.string(pvc, "status", "phase");
    switch (phase) {
      case "Bound":
        return healthy("");
      case "Pending":
        return progressing("Waiting for the claim to be bound");
      case "Lost":
        return degraded("The claim lost its volume");
      default:
        return unknown(phase.isEmpty() ? "The claim has no phase yet" : "Unknown phase " + phase);
    }
  }

  static HealthResult apiService(Map<String, Object> api) {
    Map<String, Object> available = NestedFields.condition(api, "Available");
    if (available.isEmpty()) {
      return progressing("Waiting to be processed");
    }
    String message =
        NestedFields.string(available, "reason") + ": " + NestedFields.string(available, "message");
    return "True".equals(NestedFields.string(available, "status"))
        ? healthy(message)
        : progressing(message);
  }
}
