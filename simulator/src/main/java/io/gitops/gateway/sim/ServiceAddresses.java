package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one piece of Service defaulting the simulator does: a new ClusterIP (or type-less) Service
 * without {@code spec.clusterIP} gets one from 10.96.0.0/16, with {@code clusterIPs} and {@code
 * type}, as the real API server allocates it, so {@code kubectl get services} shows an address.
 * Nothing routes to it.
 */
final class ServiceAddresses {
  private final AtomicInteger next = new AtomicInteger(1);

  void allocate(ApiResource resource, ObjectNode object) {
    if (!resource.kind().equals("Service") || !resource.group().isEmpty()) {
      return;
    }
    ObjectNode spec = Json.with(object, "spec");
    String type = spec.path("type").asText("ClusterIP");
    if (!type.equals("ClusterIP") || spec.hasNonNull("clusterIP")) {
      return;
    }
    int n = next.getAndIncrement() % 65_000 + 1;
    String ip = "10.96." + (n / 256) + "." + (n % 256);
    spec.put("type", "ClusterIP").put("clusterIP", ip);
    spec.putArray("clusterIPs").add(ip);
  }
}
