package io.gitops.loadtest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The replicas' own settings, given to each gateway process as environment variables over the one
 * shared {@code gateway.yaml} (as a StatefulSet's pods get theirs): its cluster port, the list of
 * all members (TCP-IP join on loopback), its HTTP port and its Git cache. The ports are fixed per
 * member so that a replica restarted by the harness comes back where it was, as a pod does behind
 * its Service.
 */
record Members(List<Integer> httpPorts, List<Integer> clusterPorts, int failureTimeoutSeconds) {
  static Members pick(int count, int failureTimeoutSeconds) throws IOException {
    List<Integer> http = new ArrayList<>();
    List<Integer> cluster = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      http.add(freePort());
      cluster.add(freePort());
    }
    return new Members(http, cluster, failureTimeoutSeconds);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  int count() {
    return httpPorts.size();
  }

  /** Member {@code i}'s environment. */
  Map<String, String> env(int i, Path work) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GATEWAY_HTTP_PORT", Integer.toString(httpPorts.get(i)));
    env.put("GATEWAY_GIT_DATA_DIR", work.resolve("gateway-git-" + i).toString());
    env.put("GATEWAY_REPLICAS_ENABLED", "true");
    env.put("GATEWAY_REPLICAS_HOST", "127.0.0.1");
    env.put("GATEWAY_REPLICAS_PORT", Integer.toString(clusterPorts.get(i)));
    env.put(
        "GATEWAY_REPLICAS_MEMBERS",
        clusterPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
    env.put("GATEWAY_REPLICAS_FAILURE_TIMEOUT_SECONDS", Integer.toString(failureTimeoutSeconds));
    return env;
  }
}
