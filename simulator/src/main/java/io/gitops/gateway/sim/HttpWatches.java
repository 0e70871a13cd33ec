package io.gitops.gateway.sim;

import java.util.List;

/**
 * Watches over plain HTTP (a chunked stream, as kubectl and every client-go informer open them):
 * the mock server under the simulator answers a request only with a complete body, and streams
 * watch events over WebSocket alone (which the fabric8 client uses). An HTTP watch is therefore
 * answered {@code 410 Gone}, reason {@code Expired}, exactly as the real server answers a watch
 * from a compacted resourceVersion: client-go's reflector takes that quietly, lists again after its
 * backoff (0.8 s, then doubling) and so still sees every change, only later; {@code kubectl get -w}
 * stops with this message.
 */
final class HttpWatches {
  private HttpWatches() {}

  static SimulatorError notStreamed(ResourcePath path) {
    String rv = path.query().getOrDefault("resourceVersion", "");
    return new SimulatorError(
        410,
        "Expired",
        "too old resource version: "
            + (rv.isEmpty() ? "0" : rv)
            + " (the simulated API server streams watches over WebSocket only; an HTTP watch"
            + " client lists again instead)",
        null,
        null,
        List.of());
  }
}
