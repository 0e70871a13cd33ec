package io.gitops.gateway.apiserver;

import static io.gitops.gateway.support.GatewayHarness.syncStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Argo CD's sync options where the API server decides, against a real kube-apiserver (no
 * controller-manager: the garbage collector never runs, so a delete's propagation policy stays
 * visible as the finalizer the server put on the object): Validate=false lets an unknown field
 * through that strict validation refuses, Replace writes with an update instead of an apply, the
 * three PrunePropagationPolicy values, and CreateNamespace against the NamespaceLifecycle check.
 */
@Tag("apiserver")
class SyncOptionsOnRealServerTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String TENANT =
      """
      name: real
      roles: {real-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: kube, namespace: "opt-*"}]
      kinds: {allow: [Namespace]}
      """;

  @TempDir static Path work;
  static RealApiServer server;
  static GatewayHarness gw;
  static TestRepo repo;
  static String token;
  static KubernetesClient kube;

  @BeforeAll
  static void start() throws Exception {
    server = RealApiServer.startOrSkip();
    kube = server.client();
    gw =
        GatewayHarness.start(
            work,
            Map.of("real", TENANT),
            List.of(),
            List.of(
                Map.of(
                    "name",
                    "kube",
                    "server",
                    server.url(),
                    "token",
                    server.config().getOauthToken(),
                    "insecure-skip-tls-verify",
                    true)));
    repo = TestRepo.create(work.resolve("repo"));
    token = gw.token("rui", "real-admins");
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (repo != null) {
      repo.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static String configMap(String name, String extra) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s}
        data: {color: blue}
        %s
        """
        .formatted(name, extra);
  }

  static void namespace(String name) {
    if (kube.namespaces().withName(name).get() == null) {
      kube.namespaces()
          .resource(
              new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .endMetadata()
                  .build())
          .create();
    }
  }

  static JsonObject app(String name, String path, String namespace, boolean prune, String... opts)
      throws Exception {
    JsonObject spec = AppSpecs.of(repo.url(), path, "kube", namespace);
    JsonObject policy = new JsonObject().put("syncOptions", new JsonArray(List.of(opts)));
    if (prune) {
      policy.put("automated", new JsonObject().put("prune", true));
    }
    spec.put("syncPolicy", policy);
    assertThat(
            gw.call(HttpMethod.PUT, "/api/v1/tenants/real/apps/" + name, token, spec).statusCode())
        .isEqualTo(201);
    return gw.call(HttpMethod.POST, "/api/v1/tenants/real/apps/" + name + "/sync", token, null)
        .bodyAsJsonObject();
  }

  static ConfigMap cm(String namespace, String name) {
    return kube.configMaps().inNamespace(namespace).withName(name).get();
  }

  @Test
  void strictValidationRefusesAnUnknownFieldAndValidateFalseLetsTheServerDropIt() throws Exception {
    namespace("opt-validate");
    repo.commit(
        "unknown field",
        Map.of(
            "strict/cm.yaml", configMap("strict", "spec: {replicas: 2}"),
            "lenient/cm.yaml", configMap("lenient", "spec: {replicas: 2}")));

    JsonObject strict = app("strict", "strict", "opt-validate", false);
    assertThat(strict.encode()).contains(".spec: field not declared in schema");
    assertThat(cm("opt-validate", "strict")).isNull();

    app("lenient", "lenient", "opt-validate", false, "Validate=false");
    await().atMost(WAIT).until(() -> cm("opt-validate", "lenient") != null);
    assertThat(cm("opt-validate", "lenient").getData()).containsEntry("color", "blue");
  }

  @Test
  void replaceWritesWithAnUpdateNotAnApply() throws Exception {
    namespace("opt-replace");
    repo.commit("replace", Map.of("replace/cm.yaml", configMap("replaced", "")));
    app("replace", "replace", "opt-replace", false, "Replace=true");
    await().atMost(WAIT).until(() -> cm("opt-replace", "replaced") != null);
    assertThat(cm("opt-replace", "replaced").getMetadata().getManagedFields())
        .isNotEmpty()
        .noneMatch(f -> "Apply".equals(f.getOperation()));
  }

  @Test
  void eachPrunePropagationPolicyReachesTheServer() throws Exception {
    Map<String, String> expected =
        Map.of("foreground", "foregroundDeletion", "orphan", "orphan", "background", "");
    for (var e : expected.entrySet()) {
      String policy = e.getKey();
      String ns = "opt-" + policy;
      namespace(ns);
      repo.commit(
          policy,
          Map.of(
              policy + "/keep.yaml", configMap("keep", ""),
              policy + "/gone.yaml", configMap("gone", "")));
      app(policy, policy, ns, true, "PrunePropagationPolicy=" + policy);
      await().atMost(WAIT).until(() -> cm(ns, "gone") != null);
      Map<String, String> drop = new java.util.HashMap<>();
      drop.put(policy + "/gone.yaml", null);
      repo.commit("drop " + policy, drop);
      gw.call(HttpMethod.POST, "/api/v1/tenants/real/apps/" + policy + "/refresh", token, null);
      if (e.getValue().isEmpty()) {
        await().atMost(WAIT).until(() -> cm(ns, "gone") == null);
      } else {
        // no garbage collector here: the server's finalizer for the policy stays on the object
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  ConfigMap gone = cm(ns, "gone");
                  assertThat(gone).isNotNull();
                  assertThat(gone.getMetadata().getDeletionTimestamp()).isNotNull();
                  assertThat(gone.getMetadata().getFinalizers()).contains(e.getValue());
                });
      }
    }
  }

  @Test
  void createNamespaceCreatesWhatTheServerWouldOtherwiseRefuse() throws Exception {
    repo.commit("create", Map.of("create/cm.yaml", configMap("settings", "")));
    JsonObject without = app("without", "create", "opt-missing", false);
    assertThat(without.encode()).contains("does not exist").contains("CreateNamespace=true");
    assertThat(kube.namespaces().withName("opt-missing").get()).isNull();

    app("with", "create", "opt-created", false, "CreateNamespace=true");
    await().atMost(WAIT).until(() -> cm("opt-created", "settings") != null);
    assertThat(kube.namespaces().withName("opt-created").get()).isNotNull();
    await().atMost(WAIT).until(() -> syncStatus(gw.app("real", "with", token)).equals("Synced"));
  }
}
