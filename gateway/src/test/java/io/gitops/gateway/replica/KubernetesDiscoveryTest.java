package io.gitops.gateway.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitops.gateway.support.RepoRoot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster discovery k8s/base configures, run for real: two members in their own JVMs, each with
 * the {@code GATEWAY_REPLICAS_*} environment of k8s/base/deployment.yaml and its own address (as a
 * pod gets its IP), find each other through the DNS name of the headless service, which a hosts
 * file resolves to both addresses as the cluster's DNS resolves it to every pod. They form one
 * Hazelcast cluster, their clustered event buses reach each other on the event-bus port, and a
 * member killed with SIGKILL is removed from the other's view.
 *
 * <p>Two loopback addresses (127.0.0.2 and .3) stand for two pod IPs: each member binds only its
 * own, so both use the same ports as pods do. The ports are free ones rather than the manifest's
 * 5701/5702, which another test on this machine may hold.
 */
class KubernetesDiscoveryTest {
  private static final List<String> HOSTS = List.of("127.0.0.2", "127.0.0.3");

  @Test
  void twoMembersFindEachOtherThroughTheHeadlessServicesDnsName(@TempDir Path tmp)
      throws Exception {
    Map<String, String> env = replicaEnvironment();
    String service = env.get("GATEWAY_REPLICAS_KUBERNETES_SERVICE");
    assertThat(service).as("k8s/base discovers members through a headless service").isNotBlank();
    int memberPort = freeOnEveryHost();
    int busPort = freeOnEveryHost();
    env.put("GATEWAY_REPLICAS_PORT", String.valueOf(memberPort));
    env.put("GATEWAY_REPLICAS_EVENT_BUS_PORT", String.valueOf(busPort));

    Path hosts = tmp.resolve("hosts");
    StringBuilder lines = new StringBuilder("127.0.0.1 localhost\n");
    lines.append("127.0.0.1 ").append(InetAddress.getLocalHost().getHostName()).append('\n');
    HOSTS.forEach(h -> lines.append(h).append(' ').append(service).append('\n'));
    Files.writeString(hosts, lines);
    Path config = tmp.resolve("gateway.yaml");
    Files.writeString(
        config,
        "database: {url: \"postgresql://127.0.0.1:1/unused\"}\n"
            + "oidc: {issuer: \"https://issuer.invalid\"}\n");

    List<Member> members = new ArrayList<>();
    try {
      for (String host : HOSTS) {
        Map<String, String> own = new LinkedHashMap<>(env);
        own.put("GATEWAY_REPLICAS_HOST", host);
        members.add(Member.start(tmp, host, hosts, config, own));
      }
      Member a = members.get(0);
      Member b = members.get(1);

      await("one cluster of two, each member's event bus answering the other")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> {
                assertThat(a.lines).contains("members 2", "reply " + b.host);
                assertThat(b.lines).contains("members 2", "reply " + a.host);
              });

      b.process.destroyForcibly(); // SIGKILL: no goodbye, only missed heartbeats
      await("the killed member removed after the failure timeout")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> a.lines.lastIndexOf("members 1") > a.lines.lastIndexOf("members 2"));
    } finally {
      members.forEach(m -> m.process.destroyForcibly());
    }
  }

  /** The container's literal {@code GATEWAY_REPLICAS_*} values in k8s/base/deployment.yaml. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> replicaEnvironment() throws IOException {
    Map<String, Object> deployment =
        new ObjectMapper(new YAMLFactory())
            .readValue(RepoRoot.find().resolve("k8s/base/deployment.yaml").toFile(), Map.class);
    Map<String, Object> pod =
        (Map<String, Object>)
            ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template"))
                .get("spec");
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, Object> container : (List<Map<String, Object>>) pod.get("containers")) {
      for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
        String name = String.valueOf(e.get("name"));
        if (name.startsWith("GATEWAY_REPLICAS_") && e.containsKey("value")) {
          env.put(name, String.valueOf(e.get("value")));
        }
      }
    }
    return env;
  }

  /** A port free on every member's address, as one containerPort is free on every pod. */
  private static int freeOnEveryHost() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket first = new ServerSocket()) {
        first.bind(new InetSocketAddress(HOSTS.get(0), 0));
        int port = first.getLocalPort();
        try (ServerSocket second = new ServerSocket()) {
          second.bind(new InetSocketAddress(HOSTS.get(1), port));
          return port;
        } catch (IOException taken) {
          // taken on the second address: another port
        }
      }
    }
    throw new IllegalStateException("no port free on both " + HOSTS);
  }

  /** A {@link DiscoveryMember} JVM and what it printed. */
  private record Member(String host, Process process, List<String> lines) {
    static Member start(Path tmp, String host, Path hosts, Path config, Map<String, String> env)
        throws IOException {
      Path args = tmp.resolve(host + ".args");
      // An argument file: the test class path is longer than one command-line argument may be.
      Files.write(
          args,
          List.of(
              "-Xmx256m",
              "-cp",
              '"' + System.getProperty("java.class.path") + '"',
              "-Djdk.net.hosts.file=" + hosts,
              // A pod binds any address; two members on one machine must bind their own only.
              "-Dhazelcast.socket.bind.any=false",
              "-Dhazelcast.local.localAddress=" + host,
              DiscoveryMember.class.getName(),
              config.toString()));
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + args)
              .redirectError(tmp.resolve(host + ".err").toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
      pb.environment().putAll(env);
      Process process = pb.start();
      List<String> lines = new CopyOnWriteArrayList<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              "member-" + host);
      reader.setDaemon(true);
      reader.start();
      return new Member(host, process, lines);
    }
  }
}
