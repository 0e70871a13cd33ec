package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving in from Argo CD: Application YAML posted to /apps/import becomes apps of the tenant in the
 * path, field by field, with every field not taken over named; hostile or unsupported YAML is
 * refused with a 400 naming the field, and nothing of the import is created (one transaction).
 */
class ArgoImportTest {
  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String admin;
  static String bravo;

  @BeforeAll
  static void start() throws Exception {
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit(
        "apps",
        Map.of(
            "guestbook/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gb}\ndata: {a: b}\n"));
    String teamA =
        """
        name: team-a
        roles: {team-a-admins: admin, team-a-viewers: viewer}
        sourceRepos: ["%s"]
        destinations: [{cluster: dev, namespace: "team-a-*"}]
        """
            .formatted(repo.url());
    String teamB =
        """
        name: team-b
        roles: {team-b-admins: admin}
        sourceRepos: ["*"]
        destinations: [{cluster: dev, namespace: "team-b-*"}]
        """;
    gw = GatewayHarness.start(work, Map.of("team-a", teamA, "team-b", teamB), List.of("dev"));
    admin = gw.token("alice", "team-a-admins");
    bravo = gw.token("bob", "team-b-admins");
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (repo != null) {
      repo.close();
    }
  }

  static HttpResponse<Buffer> post(String query, String yaml, String token) throws Exception {
    return gw.http
        .request(
            HttpMethod.POST,
            gw.gateway.port(),
            "localhost",
            "/api/v1/tenants/team-a/apps/import" + query)
        .bearerTokenAuthentication(token)
        .putHeader("Content-Type", "application/yaml")
        .sendBuffer(Buffer.buffer(yaml))
        .await(60, TimeUnit.SECONDS);
  }

  static int status(String tenant, String app) throws Exception {
    return gw.call(HttpMethod.GET, "/api/v1/tenants/" + tenant + "/apps/" + app, admin, null)
        .statusCode();
  }

  static String application(String name, String spec) {
    return """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: %s
          namespace: argocd
        spec:
        %s
        """
        .formatted(name, spec.indent(2).stripTrailing());
  }

  static String simple(String name, String repoUrl, String namespace) {
    return application(
        name,
        """
        source: {repoURL: "%s", path: guestbook, targetRevision: main}
        destination: {name: dev, namespace: %s}
        """
            .formatted(repoUrl, namespace));
  }

  String directoryApp() {
    return """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: guestbook
          namespace: team-b
          labels: {team: web, gitops.io/tenant: team-b}
          annotations: {notes: hello}
          finalizers: [resources-finalizer.argocd.argoproj.io]
        spec:
          project: default
          source:
            repoURL: "%s"
            targetRevision: main
            path: guestbook
            directory: {recurse: true, include: "*.yaml", exclude: "skip-*"}
          destination: {name: dev, namespace: team-a-guestbook}
          syncPolicy:
            automated: {prune: true, selfHeal: true}
            syncOptions: [CreateNamespace=true]
            retry: {limit: 5}
          ignoreDifferences:
            - {group: apps, kind: Deployment, jsonPointers: [/spec/replicas]}
          revisionHistoryLimit: 3
        status: {sync: {status: Synced}}
        """
        .formatted(repo.url());
  }

  String helmAppList() {
    return """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: charts}
            spec:
              source:
                repoURL: "%s"
                path: guestbook
                helm:
                  releaseName: shop
                  valueFiles: [values-prod.yaml]
                  values: "replicas: 2"
                  parameters: [{name: image.tag, value: "1.2", forceString: true}]
              destination: {server: "https://kubernetes.default.svc", namespace: team-a-charts}
        """
        .formatted(repo.url());
  }

  static List<String> ignored(JsonObject answer, String app) {
    for (Object o : answer.getJsonArray("items")) {
      JsonObject item = (JsonObject) o;
      if (item.getString("name").equals(app)) {
        return item.getJsonArray("ignored").stream()
            .map(i -> ((JsonObject) i).getString("field"))
            .toList();
      }
    }
    throw new AssertionError("no " + app + " in " + answer.encode());
  }

  @Test
  void everySupportedFieldIsMappedEveryOtherOneNamedAndADryRunCreatesNothing() throws Exception {
    String yaml = directoryApp() + "---\n" + helmAppList();
    var dry = post("?dryRun=true&cluster=dev", yaml, admin);
    assertThat(dry.statusCode()).as(dry.bodyAsString()).isEqualTo(200);
    assertThat(dry.bodyAsJsonObject().getBoolean("dryRun")).isTrue();
    assertThat(status("team-a", "guestbook")).isEqualTo(404);
    assertThat(status("team-a", "charts")).isEqualTo(404);

    var done = post("?cluster=dev", yaml, admin);
    assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(201);
    JsonObject answer = done.bodyAsJsonObject();
    assertThat(ignored(answer, "guestbook"))
        .containsExactlyInAnyOrder(
            "metadata.namespace",
            "metadata.annotations",
            "metadata.finalizers",
            "spec.project",
            "spec.syncPolicy.retry",
            "spec.revisionHistoryLimit",
            "status");
    assertThat(ignored(answer, "charts"))
        .containsExactlyInAnyOrder(
            "spec.source.helm.parameters[0].forceString", "spec.destination.server");

    JsonObject guestbook = gw.app("team-a", "guestbook", admin);
    JsonObject spec = guestbook.getJsonObject("spec");
    assertThat(spec.getJsonObject("source").getString("repoURL")).isEqualTo(repo.url());
    assertThat(spec.getJsonObject("source").getString("targetRevision")).isEqualTo("main");
    assertThat(spec.getJsonObject("source").getString("path")).isEqualTo("guestbook");
    assertThat(spec.getJsonObject("source").getJsonObject("directory").encode())
        .contains("\"recurse\":true")
        .contains("*.yaml")
        .contains("skip-*");
    assertThat(spec.getJsonObject("destination"))
        .isEqualTo(new JsonObject().put("cluster", "dev").put("namespace", "team-a-guestbook"));
    assertThat(spec.getJsonObject("syncPolicy").getJsonObject("automated").getBoolean("prune"))
        .isTrue();
    assertThat(spec.getJsonObject("syncPolicy").getJsonObject("automated").getBoolean("selfHeal"))
        .isTrue();
    assertThat(spec.getJsonObject("syncPolicy").getJsonArray("syncOptions"))
        .isEqualTo(new JsonArray().add("CreateNamespace=true"));
    assertThat(spec.getJsonArray("ignoreDifferences").encode()).contains("/spec/replicas");
    assertThat(guestbook.getJsonObject("labels").getString("team")).isEqualTo("web");

    JsonObject charts = gw.app("team-a", "charts", admin).getJsonObject("spec");
    JsonObject helm = charts.getJsonObject("source").getJsonObject("helm");
    assertThat(helm.getString("releaseName")).isEqualTo("shop");
    assertThat(helm.getJsonArray("valueFiles")).isEqualTo(new JsonArray().add("values-prod.yaml"));
    assertThat(helm.getJsonObject("values")).isEqualTo(new JsonObject().put("replicas", 2));
    assertThat(helm.getJsonArray("parameters").encode()).contains("image.tag").contains("1.2");
    assertThat(charts.getJsonObject("destination").getString("cluster")).isEqualTo("dev");
    assertThat(charts.containsKey("syncPolicy")).isFalse();

    // The tenant is the path's: team-b got nothing, whatever the YAML's namespace and labels said.
    assertThat(
            gw.call(HttpMethod.GET, "/api/v1/tenants/team-b/apps", bravo, null)
                .bodyAsJsonObject()
                .getJsonArray("items"))
        .isEmpty();
  }

  @Test
  void aJsonBodyLabelledYamlDoesNotSlipPastTheSchemaOfAnotherRoute() throws Exception {
    var r =
        gw.http
            .request(
                HttpMethod.PUT, gw.gateway.port(), "localhost", "/api/v1/tenants/team-a/apps/x")
            .bearerTokenAuthentication(admin)
            .putHeader("Content-Type", "application/yaml")
            .sendBuffer(Buffer.buffer("{\"source\": 5}"))
            .await(60, TimeUnit.SECONDS);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(415);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("content-type");
    assertThat(status("team-a", "x")).isEqualTo(404);
  }

  @Test
  void anUnsupportedFieldThatChangesWhatIsDeployedRefusesTheImportNamingIt() throws Exception {
    String yaml =
        simple("fine-one", repo.url(), "team-a-fine")
            + "---\n"
            + application(
                "with-plugin",
                """
                source: {repoURL: "%s", path: guestbook, plugin: {name: cmp}}
                destination: {name: dev, namespace: team-a-plugin}
                """
                    .formatted(repo.url()));
    var r = post("", yaml, admin);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("spec.source.plugin");
    assertThat(r.bodyAsJsonObject().getString("detail"))
        .contains("with-plugin")
        .contains("nothing was imported");
    assertThat(status("team-a", "fine-one")).isEqualTo(404);
  }

  static String severalSources(String name, String secondRepo) {
    return application(
        name,
        """
        sources:
          - repoURL: "%s"
            path: guestbook
            targetRevision: main
            helm: {valueFiles: [$values/guestbook/values.yaml]}
          - repoURL: "%s"
            targetRevision: main
            ref: values
            name: config
        destination: {name: dev, namespace: team-a-%s}
        """
            .formatted(repo.url(), secondRepo, name));
  }

  @Test
  void severalSourcesAreImportedAndEachMeetsTheTenantsRules() throws Exception {
    var done = post("", severalSources("multi", repo.url()), admin);
    assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(201);
    assertThat(ignored(done.bodyAsJsonObject(), "multi"))
        .containsExactlyInAnyOrder("metadata.namespace", "spec.sources[1].name");
    JsonObject spec = gw.app("team-a", "multi", admin).getJsonObject("spec");
    JsonArray sources = spec.getJsonArray("sources");
    assertThat(sources).hasSize(2);
    assertThat(sources.getJsonObject(0).getJsonObject("helm").getJsonArray("valueFiles"))
        .isEqualTo(new JsonArray().add("$values/guestbook/values.yaml"));
    assertThat(sources.getJsonObject(1).getString("ref")).isEqualTo("values");

    // One source of one Application from a repository the tenant may not use: nothing is created.
    String fine = simple("bystander", repo.url(), "team-a-bystander");
    var evil =
        post(
            "",
            fine + "---\n" + severalSources("sneaky", "https://git.evil.example/steal.git"),
            admin);
    assertThat(evil.statusCode()).as(evil.bodyAsString()).isEqualTo(400);
    assertThat(evil.bodyAsJsonObject().getString("field")).isEqualTo("sources[1].repoURL");
    assertThat(evil.bodyAsJsonObject().getString("detail")).contains("sneaky");
    assertThat(status("team-a", "bystander")).isEqualTo(404);
    assertThat(status("team-a", "sneaky")).isEqualTo(404);

    // A $ref that no source defines is the app reader's 400, naming the source.
    var dangling =
        post(
            "", severalSources("dangling", repo.url()).replace("ref: values", "ref: other"), admin);
    assertThat(dangling.statusCode()).as(dangling.bodyAsString()).isEqualTo(400);
    assertThat(dangling.bodyAsJsonObject().getString("field")).startsWith("sources[0]");
    assertThat(status("team-a", "dangling")).isEqualTo(404);
  }

  @Test
  void hostileApplicationsAreRefusedAndNothingOfTheImportIsCreated() throws Exception {
    String fine = simple("innocent", repo.url(), "team-a-innocent");
    Map<String, String> hostile =
        Map.of(
            "destination",
            simple("into-b", repo.url(), "team-b-x"),
            "source.repoURL",
            simple("evil-repo", "https://git.evil.example/steal.git", "team-a-evil"),
            "documents[1].kind",
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: take-over}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
            subjects: [{kind: ServiceAccount, name: default, namespace: team-a-x}]
            """,
            "documents[1].kind ",
            """
            apiVersion: argoproj.io/v1alpha1
            kind: AppProject
            metadata: {name: default}
            spec: {sourceRepos: ["*"], destinations: [{server: "*", namespace: "*"}]}
            """,
            "destination.cluster",
            application(
                "elsewhere",
                """
                source: {repoURL: "%s", path: guestbook}
                destination: {name: prod, namespace: team-a-x}
                """
                    .formatted(repo.url())));
    for (var e : hostile.entrySet()) {
      var r = post("", fine + "---\n" + e.getValue(), admin);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("field"))
          .as(r.bodyAsString())
          .isEqualTo(e.getKey().strip());
      assertThat(status("team-a", "innocent")).as("all or nothing").isEqualTo(404);
    }
    // A name already taken: the import's other app, inserted first, is rolled back.
    assertThat(post("", simple("taken", repo.url(), "team-a-taken"), admin).statusCode())
        .isEqualTo(201);
    var clash = post("", fine + "---\n" + simple("taken", repo.url(), "team-a-other"), admin);
    assertThat(clash.statusCode()).as(clash.bodyAsString()).isEqualTo(409);
    assertThat(status("team-a", "innocent")).as("rolled back").isEqualTo(404);
    assertThat(
            gw.app("team-a", "taken", admin)
                .getJsonObject("spec")
                .getJsonObject("destination")
                .getString("namespace"))
        .isEqualTo("team-a-taken");
    // A viewer may not import; team-b's admin does not see team-a at all.
    assertThat(post("", fine, gw.token("vic", "team-a-viewers")).statusCode()).isEqualTo(403);
    assertThat(post("", fine, bravo).statusCode()).isEqualTo(404);
    assertThat(status("team-a", "innocent")).isEqualTo(404);
  }
}
