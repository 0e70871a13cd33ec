package io.gitops.gateway.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.config.ConfigLoader;
import io.gitops.gateway.config.ReplicaConfig;
import io.gitops.gateway.support.RepoRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8s/ runs a cluster of gateways (docs/scale-out.md): the overlays built with the real kustomize,
 * and the gateway's own configuration loader reading what the pod gets (the ConfigMap's file and
 * the container's environment), so the manifests and {@code replicas.*} cannot drift apart. That
 * the API server accepts every object is {@link KustomizeOverlaysTest}'s part.
 */
class ReplicatedDeploymentTest {
  private static final String POD_IP = "10.1.2.3";

  @Test
  void threeReplicasRollOutOneAtATimeAndWaitForReadiness() {
    Map<String, Object> spec = map(deployment(build("k8s/overlays/production")).get("spec"));
    Map<String, Object> pod = map(map(spec.get("template")).get("spec"));
    Map<String, Object> container = gateway(pod);

    assertThat(spec.get("replicas")).isEqualTo(3);
    assertThat(map(spec.get("strategy")))
        .containsEntry("type", "RollingUpdate")
        .containsEntry("rollingUpdate", Map.of("maxSurge", 1, "maxUnavailable", 0));
    assertThat(map(map(container.get("readinessProbe")).get("httpGet")))
        .containsEntry("path", "/health/ready");
    // Launcher.stop: the gateway's close (60 s) and then leaving the Hazelcast cluster (30 s).
    assertThat((Integer) pod.get("terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(90);
    Map<String, Object> spread =
        map(
            list(map(map(map(pod.get("affinity")).get("podAntiAffinity")))
                    .get("preferredDuringSchedulingIgnoredDuringExecution"))
                .get(0)
                .get("podAffinityTerm"));
    assertThat(spread.get("topologyKey")).isEqualTo("kubernetes.io/hostname");
    assertThat(map(spread.get("labelSelector")).get("matchLabels"))
        .isEqualTo(map(map(spec.get("template")).get("metadata")).get("labels"));
  }

  @Test
  void theMembersFindEachOtherThroughAHeadlessServiceThatPublishesStartingPods(@TempDir Path tmp)
      throws Exception {
    List<Map<String, Object>> objects = build("k8s/overlays/production");
    Map<String, Object> template = map(map(deployment(objects).get("spec")).get("template"));
    Map<String, Object> container = gateway(map(template.get("spec")));
    ReplicaConfig replicas = replicasAsThePodLoadsThem(objects, container, tmp);

    assertThat(replicas.enabled()).isTrue();
    assertThat(replicas.host()).isEqualTo(POD_IP);
    assertThat(replicas.eventBusPort()).as("fixed, for the NetworkPolicy").isNotZero();
    assertThat(containerPorts(container)).containsValues(replicas.port(), replicas.eventBusPort());

    Map<String, Object> members =
        objects.stream()
            .filter(o -> "Service".equals(o.get("kind")))
            .filter(o -> name(o).equals(replicas.kubernetesService()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Service " + replicas.kubernetesService()));
    Map<String, Object> service = map(members.get("spec"));
    assertThat(service).containsEntry("clusterIP", "None");
    assertThat(service).containsEntry("publishNotReadyAddresses", true);
    assertThat(selects(map(service.get("selector")), template)).isTrue();
    assertThat(list(service.get("ports"))).extracting(p -> p.get("port")).contains(replicas.port());
  }

  @Test
  void aDisruptionTakesOneReplicaAtATime() {
    List<Map<String, Object>> objects = build("k8s/overlays/production");
    Map<String, Object> pdb = only(objects, "PodDisruptionBudget");
    Map<String, Object> template = map(map(deployment(objects).get("spec")).get("template"));

    assertThat(map(pdb.get("spec"))).containsEntry("maxUnavailable", 1);
    assertThat(selects(map(map(map(pdb.get("spec")).get("selector")).get("matchLabels")), template))
        .isTrue();
  }

  @Test
  void onlyGatewayPodsReachTheMemberAndEventBusPorts(@TempDir Path tmp) throws Exception {
    List<Map<String, Object>> objects = build("k8s/overlays/production");
    Map<String, Object> template = map(map(deployment(objects).get("spec")).get("template"));
    Map<String, Object> container = gateway(map(template.get("spec")));
    ReplicaConfig replicas = replicasAsThePodLoadsThem(objects, container, tmp);
    Map<String, Integer> named = containerPorts(container);
    Map<String, Object> policy =
        objects.stream()
            .filter(o -> "NetworkPolicy".equals(o.get("kind")))
            .filter(
                o ->
                    selects(
                        map(map(map(o.get("spec")).get("podSelector")).get("matchLabels")),
                        template))
            .findFirst()
            .orElseThrow();
    Map<String, Object> gatewayPods =
        Map.of("podSelector", Map.of("matchLabels", map(template.get("metadata")).get("labels")));

    for (String direction : List.of("ingress", "egress")) {
      String peers = direction.equals("ingress") ? "from" : "to";
      for (int port : List.of(replicas.port(), replicas.eventBusPort())) {
        List<Map<String, Object>> opening =
            list(map(policy.get("spec")).get(direction)).stream()
                .filter(rule -> opens(rule, port, named))
                .toList();
        assertThat(opening).as("%s rules that open %d", direction, port).isNotEmpty();
        assertThat(opening)
            .as("%s on %d: only the gateway pods", direction, port)
            .allSatisfy(rule -> assertThat(rule.get(peers)).isEqualTo(List.of(gatewayPods)));
      }
    }
  }

  @Test
  void theDemoRunsOneMemberOfTheSameKindOfCluster(@TempDir Path tmp) throws Exception {
    List<Map<String, Object>> objects = build("k8s/overlays/demo");
    Map<String, Object> spec = map(deployment(objects).get("spec"));
    Map<String, Object> container = gateway(map(map(spec.get("template")).get("spec")));

    assertThat(spec.get("replicas")).isEqualTo(1);
    assertThat(replicasAsThePodLoadsThem(objects, container, tmp).enabled())
        .as("scaling the demo up needs no other change")
        .isTrue();
  }

  /**
   * {@code replicas.*} as the gateway reads them in the pod: the mounted ConfigMap's file and the
   * container's literal environment, {@code status.podIP} given as {@link #POD_IP}. Values from
   * Secrets are left out (none of them is a {@code replicas.*} key).
   */
  private static ReplicaConfig replicasAsThePodLoadsThem(
      List<Map<String, Object>> objects, Map<String, Object> container, Path tmp) throws Exception {
    Map<String, Object> configMap =
        objects.stream()
            .filter(o -> "ConfigMap".equals(o.get("kind")))
            .filter(
                o -> map(o.get("data")) != null && map(o.get("data")).containsKey("gateway.yaml"))
            .findFirst()
            .orElseThrow();
    Path file = tmp.resolve("gateway.yaml");
    Files.writeString(file, String.valueOf(map(configMap.get("data")).get("gateway.yaml")));
    Map<String, String> env = new HashMap<>();
    for (Map<String, Object> e : list(container.get("env"))) {
      if (e.containsKey("value")) {
        env.put(String.valueOf(e.get("name")), String.valueOf(e.get("value")));
      } else if ("status.podIP".equals(fieldRef(e))) {
        env.put(String.valueOf(e.get("name")), POD_IP);
      }
    }
    return ConfigLoader.load(file, env).replicas();
  }

  private static String fieldRef(Map<String, Object> env) {
    Map<String, Object> from = map(env.get("valueFrom"));
    Map<String, Object> ref = from == null ? null : map(from.get("fieldRef"));
    return ref == null ? null : String.valueOf(ref.get("fieldPath"));
  }

  /**
   * A NetworkPolicy rule lets {@code port} through: it names it (by number or name), or no port.
   */
  private static boolean opens(Map<String, Object> rule, int port, Map<String, Integer> named) {
    if (rule.get("ports") == null) {
      return true;
    }
    return list(rule.get("ports")).stream()
        .map(p -> p.get("port"))
        .anyMatch(p -> p == null || p.equals(port) || Integer.valueOf(port).equals(named.get(p)));
  }

  private static boolean selects(Map<String, Object> selector, Map<String, Object> template) {
    Map<String, Object> labels = map(map(template.get("metadata")).get("labels"));
    return selector != null
        && !selector.isEmpty()
        && labels.entrySet().containsAll(selector.entrySet());
  }

  private static Map<String, Integer> containerPorts(Map<String, Object> container) {
    return list(container.get("ports")).stream()
        .collect(
            Collectors.toMap(
                p -> String.valueOf(p.get("name")), p -> (Integer) p.get("containerPort")));
  }

  private static List<Map<String, Object>> build(String overlay) {
    return KustomizeBinary.findOrSkip().build(RepoRoot.find().resolve(overlay));
  }

  private static Map<String, Object> deployment(List<Map<String, Object>> objects) {
    return objects.stream()
        .filter(o -> "Deployment".equals(o.get("kind")) && name(o).equals("gitops-gateway"))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
    List<Map<String, Object>> found =
        objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  private static Map<String, Object> gateway(Map<String, Object> podSpec) {
    return list(podSpec.get("containers")).stream()
        .filter(c -> "gateway".equals(c.get("name")))
        .findFirst()
        .orElseThrow();
  }

  private static String name(Map<String, Object> o) {
    return String.valueOf(map(o.get("metadata")).get("name"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return o == null ? List.of() : (List<Map<String, Object>>) o;
  }
}
