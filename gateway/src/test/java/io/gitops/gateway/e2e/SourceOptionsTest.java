package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.SyncFixtures;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-app source options (Argo CD's spec.source.helm / directory / sourceType), end to end on real
 * parts: a chart in Git rendered by the real Helm library with the app's value file, inline values
 * and parameters into its destination namespace; a directory app whose excluded file is never
 * deployed; bad options refused with a 400 naming the field; GraphQL passing them through.
 */
class SourceOptionsTest {
  static final String CHART =
      """
      apiVersion: v2
      name: greeter
      version: 0.1.0
      """;
  static final String DEFAULT_VALUES =
      """
      color: red
      size: small
      team: nobody
      """;
  static final String TEMPLATE =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: {{ .Release.Name }}-settings
        namespace: {{ .Release.Namespace }}
      data:
        color: {{ .Values.color | quote }}
        size: {{ .Values.size | quote }}
        team: {{ .Values.team | quote }}
        releaseNamespace: {{ .Release.Namespace | quote }}
      """;
  static final String PROD_VALUES =
      """
      color: green
      size: large
      team: file
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("shop", SyncFixtures.SHOP_TENANT), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit(
        "chart and plain manifests",
        Map.of(
            "charts/greeter/Chart.yaml", CHART,
            "charts/greeter/values.yaml", DEFAULT_VALUES,
            "charts/greeter/templates/configmap.yaml", TEMPLATE,
            "env/prod.yaml", PROD_VALUES,
            "apps/plain/keep.yaml", configMap("keep"),
            "apps/plain/local-only.yaml", configMap("local-only")));
    token = gw.token("ann", "shop-admins");
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

  static String configMap(String name) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  from: git\n";
  }

  static JsonObject helmApp() {
    JsonObject spec =
        AppSpecs.onMain(repo.url(), "charts/greeter", "dev", "shop-helm")
            .put(
                "syncPolicy",
                new JsonObject().put("automated", new JsonObject().put("prune", true)));
    spec.getJsonObject("source")
        .put(
            "helm",
            new JsonObject()
                .put("releaseName", "greet")
                .put("valueFiles", new JsonArray().add("../../env/prod.yaml"))
                .put("values", "team: inline\n")
                .put(
                    "parameters",
                    new JsonArray()
                        .add(new JsonObject().put("name", "size").put("value", "huge"))));
    return spec;
  }

  static ConfigMap live(String namespace, String name) {
    return gw.clusters.get("dev").client().configMaps().inNamespace(namespace).withName(name).get();
  }

  static void awaitSynced(String app) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonObject a = gw.app("shop", app, token);
              assertThat(GatewayHarness.syncStatus(a))
                  .as(a.getJsonObject("status").encode())
                  .isEqualTo("Synced");
            });
  }

  @Test
  void aHelmAppRendersWithItsValueFileInlineValuesAndParametersIntoItsDestinationNamespace()
      throws Exception {
    var created = gw.call(HttpMethod.PUT, "/api/v1/tenants/shop/apps/greeter", token, helmApp());
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    awaitSynced("greeter");

    ConfigMap live = live("shop-helm", "greet-settings");
    assertThat(live).as("the release name comes from the spec").isNotNull();
    assertThat(live.getData())
        .containsEntry("color", "green") // the value file overrides the chart's values.yaml
        .containsEntry("team", "inline") // inline values override the value file
        .containsEntry("size", "huge") // a parameter overrides both
        .containsEntry("releaseNamespace", "shop-helm"); // .Release.Namespace is the destination

    JsonObject source =
        gw.app("shop", "greeter", token).getJsonObject("spec").getJsonObject("source");
    JsonObject helm = source.getJsonObject("helm");
    assertThat(helm.getString("releaseName")).isEqualTo("greet");
    assertThat(helm.getJsonArray("valueFiles")).containsExactly("../../env/prod.yaml");
    assertThat(helm.getJsonObject("values").getMap()).isEqualTo(Map.of("team", "inline"));
    assertThat(helm.getJsonArray("parameters").getJsonObject(0).getMap())
        .isEqualTo(Map.of("name", "size", "value", "huge"));
  }

  @Test
  void aDirectoryAppDoesNotDeployTheFilesItsExcludeGlobMatches() throws Exception {
    JsonObject spec =
        AppSpecs.onMain(repo.url(), "apps/plain", "dev", "shop-plain")
            .put(
                "syncPolicy",
                new JsonObject().put("automated", new JsonObject().put("prune", true)));
    spec.getJsonObject("source").put("directory", new JsonObject().put("exclude", "local-*.yaml"));
    var created = gw.call(HttpMethod.PUT, "/api/v1/tenants/shop/apps/plain", token, spec);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    awaitSynced("plain");

    assertThat(live("shop-plain", "keep")).isNotNull();
    assertThat(live("shop-plain", "local-only")).as("excluded by the glob").isNull();
    JsonObject app = gw.app("shop", "plain", token);
    assertThat(
            app.getJsonObject("status").getJsonArray("resources").stream()
                .map(r -> ((JsonObject) r).getString("name")))
        .containsExactly("keep");
    assertThat(
            app.getJsonObject("spec")
                .getJsonObject("source")
                .getJsonObject("directory")
                .getJsonArray("exclude"))
        .containsExactly("local-*.yaml");
  }

  @Test
  void badSourceOptionsAreRefusedWith400NamingTheField() throws Exception {
    assertRefused(
        helm -> helm.put("valueFiles", new JsonArray().add("../../../etc/passwd")),
        "source.helm.valueFiles[0]");
    assertRefused(
        helm -> helm.put("valueFile", new JsonArray().add("prod.yaml")), "source.helm.valueFile");
    assertRefused(helm -> helm.put("values", "color: [unclosed"), "source.helm.values");
    assertRefused(
        helm -> helm.put("parameters", new JsonArray().add(new JsonObject().put("value", "x"))),
        "source.helm.parameters[0].name");

    JsonObject badType = helmApp();
    badType.getJsonObject("source").put("sourceType", "Jsonnet");
    assertProblem(badType, "source.sourceType");
    JsonObject both = helmApp();
    both.getJsonObject("source").put("directory", new JsonObject().put("recurse", false));
    assertProblem(both, "source.directory");
  }

  @Test
  void graphQLCreateAndUpdatePassTheSourceOptionsThrough() throws Exception {
    String input =
        "{repoURL: \""
            + repo.url()
            + "\", targetRevision: \"main\", path: \"charts/greeter\", cluster: \"dev\","
            + " namespace: \"shop-gql\", sourceType: \"Helm\", helm: {releaseName: \"gql\", valueFiles: [\"../../env/prod.yaml\"],"
            + " values: \"team: graphql\", parameters: [{name: \"size\", value: \"tiny\"}]}%s}";
    String fields =
        "{ version spec { source { sourceType helm { releaseName valueFiles values parameters { name value } } } } }";
    JsonObject created =
        graphql(
                "mutation { createApp(tenant: \"shop\", name: \"gql\", input: "
                    + input.formatted("")
                    + ") "
                    + fields
                    + " }")
            .getJsonObject("createApp");
    JsonObject updated =
        graphql(
                "mutation { updateApp(tenant: \"shop\", name: \"gql\", input: "
                    + input.formatted(", automated: true")
                    + ") "
                    + fields
                    + " }")
            .getJsonObject("updateApp");

    for (JsonObject app : List.of(created, updated)) {
      JsonObject source = app.getJsonObject("spec").getJsonObject("source");
      assertThat(source.getString("sourceType")).isEqualTo("Helm");
      JsonObject helm = source.getJsonObject("helm");
      assertThat(helm.getString("releaseName")).isEqualTo("gql");
      assertThat(helm.getJsonArray("valueFiles")).containsExactly("../../env/prod.yaml");
      assertThat(new JsonObject(helm.getString("values")).getMap())
          .isEqualTo(Map.of("team", "graphql"));
      assertThat(helm.getJsonArray("parameters").getJsonObject(0).getString("value"))
          .isEqualTo("tiny");
    }
    assertThat(updated.getInteger("version")).isGreaterThan(created.getInteger("version"));
    // The update made it automated: the chart deploys with the options the update kept.
    awaitSynced("gql");
    assertThat(live("shop-gql", "gql-settings").getData())
        .containsEntry("team", "graphql")
        .containsEntry("size", "tiny");
  }

  private interface HelmEdit {
    void edit(JsonObject helm);
  }

  private static void assertRefused(HelmEdit edit, String field) throws Exception {
    JsonObject spec = helmApp();
    edit.edit(spec.getJsonObject("source").getJsonObject("helm"));
    assertProblem(spec, field);
  }

  private static void assertProblem(JsonObject spec, String field) throws Exception {
    var response = gw.call(HttpMethod.PUT, "/api/v1/tenants/shop/apps/refused", token, spec);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("field"))
        .as(response.bodyAsString())
        .isEqualTo(field);
  }

  private static JsonObject graphql(String query) throws Exception {
    var r = gw.call(HttpMethod.POST, "/graphql", token, new JsonObject().put("query", query));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getValue("errors")).as(body.encode()).isNull();
    return body.getJsonObject("data");
  }
}
