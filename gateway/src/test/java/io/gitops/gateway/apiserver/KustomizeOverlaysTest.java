package io.gitops.gateway.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gitops.gateway.render.InMemoryRepoFiles;
import io.gitops.gateway.render.RenderRequest;
import io.gitops.gateway.render.Renderer;
import io.gitops.gateway.support.RepoRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * k8s/ against the real things: every overlay built with the real kustomize, each object applied
 * with server-side dry run to the real kube-apiserver (namespaces and the CRD stand-ins created for
 * real first), and the gateway's own Kustomize renderer producing the same objects from the same
 * files.
 */
@Tag("apiserver")
class KustomizeOverlaysTest {
  private static final String MANAGER = "kustomize-overlays-test";

  private static List<Map<String, Object>> kustomizeBuild(String overlay) {
    return KustomizeBinary.findOrSkip().build(RepoRoot.find().resolve(overlay));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"k8s/overlays/demo", "k8s/overlays/production", "k8s/target"})
  @ExtendWith(RealApiServerExtension.class)
  void everyObjectPassesServerSideDryRunOnTheRealApiServer(String overlay, RealApiServer server) {
    List<Map<String, Object>> objects = kustomizeBuild(overlay);
    KubernetesClient client = server.client();
    installCrdStandIns(client);
    Set<String> namespaces = new LinkedHashSet<>();
    objects.stream()
        .filter(o -> "Namespace".equals(o.get("kind")))
        .forEach(o -> namespaces.add(name(o)));
    objects.stream()
        .map(KustomizeOverlaysTest::namespace)
        .filter(ns -> ns != null)
        .forEach(namespaces::add);
    for (String ns : namespaces) {
      client
          .resource(
              Serialization.unmarshal(
                  "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
                      + ns
                      + "\"}}",
                  GenericKubernetesResource.class))
          .fieldManager(MANAGER)
          .forceConflicts()
          .serverSideApply();
    }

    List<String> refused = new ArrayList<>();
    for (Map<String, Object> o : objects) {
      GenericKubernetesResource object =
          Serialization.unmarshal(Serialization.asJson(o), GenericKubernetesResource.class);
      try {
        var op =
            namespace(o) == null
                ? client.resource(object)
                : client.resource(object).inNamespace(namespace(o));
        assertThat(op.dryRun().fieldManager(MANAGER).forceConflicts().serverSideApply())
            .isNotNull();
      } catch (KubernetesClientException e) {
        refused.add(o.get("kind") + " " + namespace(o) + "/" + name(o) + ": " + e.getMessage());
      }
    }

    assertThat(refused).as("objects of %s the API server refused", overlay).isEmpty();
    assertThat(objects).extracting(o -> o.get("kind")).isNotEmpty();
    // A dry run leaves nothing behind: the first non-namespace object is still not there.
    Map<String, Object> first =
        objects.stream().filter(o -> !"Namespace".equals(o.get("kind"))).findFirst().orElseThrow();
    assertThat(
            client
                .genericKubernetesResources(
                    String.valueOf(first.get("apiVersion")), String.valueOf(first.get("kind")))
                .inNamespace(namespace(first))
                .withName(name(first))
                .get())
        .isNull();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"k8s/overlays/demo", "k8s/overlays/production", "k8s/target"})
  void theGatewaysKustomizeRendererAgreesWithTheRealOne(String overlay) throws Exception {
    List<Map<String, Object>> real = kustomizeBuild(overlay);
    List<Map<String, Object>> ours =
        new Renderer().render(repoFiles(), RenderRequest.of(overlay)).objects();

    assertThat(byIdentity(ours).keySet()).isEqualTo(byIdentity(real).keySet());
    byIdentity(real)
        .forEach(
            (id, object) ->
                assertThat(byIdentity(ours).get(id))
                    .as("%s as the gateway renders it", id)
                    .isEqualTo(object));
  }

  @Test
  void theTenantsConfigMapHoldsEveryTenantFile() throws IOException {
    Map<String, Object> configMap =
        kustomizeBuild("k8s/overlays/production").stream()
            .filter(
                o ->
                    "ConfigMap".equals(o.get("kind"))
                        && name(o).startsWith("gitops-gateway-tenants-"))
            .findFirst()
            .orElseThrow();
    try (Stream<Path> files = Files.list(RepoRoot.find().resolve("tenants"))) {
      assertThat(
              ((Map<?, ?>) configMap.get("data")).keySet().stream().map(String::valueOf).toList())
          .as("tenants/Kustomization lists every tenant file")
          .containsExactlyInAnyOrderElementsOf(
              files
                  .map(f -> f.getFileName().toString())
                  .filter(f -> f.endsWith(".yaml") || f.endsWith(".yml"))
                  .toList());
    }
  }

  /**
   * The stand-ins (not the real CRDs, see their headers) for the custom kinds the production
   * overlay uses.
   */
  private static void installCrdStandIns(KubernetesClient client) {
    for (String crd : List.of("servicemonitors", "cnpg-clusters")) {
      try (InputStream in =
          KustomizeOverlaysTest.class.getResourceAsStream(
              "/apiserver/crd-standins/" + crd + ".yaml")) {
        client
            .resource(Serialization.unmarshal(in, GenericKubernetesResource.class))
            .fieldManager(MANAGER)
            .forceConflicts()
            .serverSideApply();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    await("stand-in CRDs served")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreException(KubernetesClientException.class)
        .until(
            () ->
                client
                            .genericKubernetesResources(
                                "monitoring.coreos.com/v1", "ServiceMonitor")
                            .inNamespace("default")
                            .list()
                        != null
                    && client
                            .genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster")
                            .inNamespace("default")
                            .list()
                        != null);
  }

  /** The repository's k8s/ and tenants/ as the renderer reads a Git tree. */
  private static InMemoryRepoFiles repoFiles() throws IOException {
    Path root = RepoRoot.find();
    Map<String, String> files = new TreeMap<>();
    for (String top : List.of("k8s", "tenants")) {
      try (Stream<Path> paths = Files.walk(root.resolve(top))) {
        for (Path p : paths.filter(Files::isRegularFile).toList()) {
          files.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p));
        }
      }
    }
    return new InMemoryRepoFiles(files);
  }

  private static Map<String, Map<String, Object>> byIdentity(List<Map<String, Object>> objects) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (Map<String, Object> o : objects) {
      out.put(o.get("apiVersion") + " " + o.get("kind") + " " + namespace(o) + "/" + name(o), o);
    }
    return out;
  }

  private static Map<?, ?> metadata(Map<String, Object> o) {
    return (Map<?, ?>) o.get("metadata");
  }

  private static String name(Map<String, Object> o) {
    return String.valueOf(metadata(o).get("name"));
  }

  private static String namespace(Map<String, Object> o) {
    Object ns = metadata(o).get("namespace");
    return ns == null ? null : String.valueOf(ns);
  }
}
