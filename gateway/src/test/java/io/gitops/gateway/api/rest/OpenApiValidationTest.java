package io.gitops.gateway.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.api.AccessMatrixTest;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.SyncFixtures;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document is what refuses a bad request: values the hand-written readers would let
 * through (or fail on with a 500) get a 400 naming the field, checked before authorisation-free
 * routes see them; and every operation that takes a body accepts a full, valid one (parity: the
 * document does not refuse what the gateway means to accept).
 */
class OpenApiValidationTest {
  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String admin;
  static String operator;

  @BeforeAll
  static void start() throws Exception {
    gw =
        GatewayHarness.start(
            work,
            Map.of("shop", SyncFixtures.SHOP_TENANT),
            List.of("dev"),
            Map.of("credentials", Map.of("key", AccessMatrixTest.CREDENTIALS_KEY)));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit(
        "first",
        Map.of(
            "web/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: blue\n"));
    admin = gw.token("ann", "shop-admins");
    operator = gw.token("olga", "gitops-operators");
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

  static void assertRefused(HttpResponse<Buffer> r, String field) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(r.getHeader("content-type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsJsonObject().getString("field")).as(r.bodyAsString()).isEqualTo(field);
    assertThat(r.bodyAsJsonObject().getString("detail")).isNotBlank();
  }

  @Test
  void valuesTheHandWrittenReadersWouldAcceptOrCrashOnGet400NamingTheField() throws Exception {
    // The cluster reader ignores a non-boolean insecureSkipTlsVerify and casts token to a string.
    assertRefused(
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/edge",
            operator,
            new JsonObject()
                .put("server", "https://k.example")
                .put("insecureSkipTlsVerify", "yes")),
        "insecureSkipTlsVerify");
    assertRefused(
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/edge",
            operator,
            new JsonObject().put("server", "https://k.example").put("token", 5)),
        "token");
    // The tenant reader takes String.valueOf of anything: a number deep in a list is refused by the
    // schema.
    JsonObject tenant =
        new JsonObject()
            .put("displayName", "Ops")
            .put(
                "destinations",
                new JsonArray().add(new JsonObject().put("cluster", 5).put("namespace", "ops-*")));
    assertRefused(
        gw.call(HttpMethod.PUT, "/api/v1/admin/tenants/ops", operator, tenant),
        "destinations[0].cluster");
    assertRefused(
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/tenants/ops",
            operator,
            new JsonObject().put("roles", new JsonObject().put("ops-team", "owner"))),
        "roles.ops-team");
    // Deep inside an app: Helm parameters, unknown fields, a release name Helm would refuse.
    JsonObject app = AppSpecs.onMain(repo.url(), "web", "dev", "shop-web").put("name", "web");
    app.getJsonObject("source")
        .put(
            "helm",
            new JsonObject()
                .put(
                    "parameters",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("name", "replicas")
                                .put("value", new JsonObject()))));
    assertRefused(
        gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps", admin, app),
        "source.helm.parameters[0].value");
    app.getJsonObject("source")
        .put("helm", new JsonObject().put("valueFiles", new JsonArray().add(7)));
    assertRefused(
        gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps", admin, app),
        "source.helm.valueFiles[0]");
    app.getJsonObject("source").remove("helm");
    app.put(
        "syncPolicy", new JsonObject().put("automated", new JsonObject().put("selfheal", true)));
    assertRefused(
        gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps", admin, app),
        "syncPolicy.automated.selfheal");
  }

  @Test
  void parametersOutOfTheDocumentsRangeAreRefusedByTheSchema() throws Exception {
    var limit = gw.call(HttpMethod.GET, "/api/v1/tenants/shop/apps?limit=501", admin, null);
    assertRefused(limit, "limit");
    // the schema's words, not AppQuery's "must be an integer from 1 to 500": the schema answered
    // first
    assertThat(limit.bodyAsJsonObject().getString("detail")).doesNotContain("must be an integer");
    assertRefused(
        gw.call(HttpMethod.GET, "/api/v1/tenants/shop/apps?sync=Sideways", admin, null), "sync");
    assertRefused(
        gw.call(HttpMethod.GET, "/api/v1/tenants/Not_A_Tenant/apps", admin, null), "tenant");
    var key =
        gw.http
            .request(HttpMethod.POST, gw.gateway.port(), "localhost", "/api/v1/tenants/shop/apps")
            .bearerTokenAuthentication(admin)
            .putHeader("Idempotency-Key", "k".repeat(201))
            .sendJsonObject(
                AppSpecs.onMain(repo.url(), "web", "dev", "shop-web").put("name", "keyed"))
            .await(60, TimeUnit.SECONDS);
    assertRefused(key, "Idempotency-Key");
    assertRefused(
        gw.call(
            HttpMethod.POST,
            "/api/v1/tenants/shop/tokens",
            admin,
            new JsonObject().put("name", "ci").put("role", "deployer").put("expiresInDays", 367)),
        "expiresInDays");
  }

  @Test
  void aTooLargeAppBodyIs413BeforeItsContentIsChecked() throws Exception {
    JsonObject big =
        AppSpecs.onMain(repo.url(), "web", "dev", "shop-web")
            .put("name", "big")
            .put("labels", new JsonObject().put("pad", "x".repeat(70_000)));
    var r = gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps", admin, big);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(413);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("body");
  }

  @Test
  void anAppReadBackWithItsNullsAndVersionIsAcceptedAsAnUpdate() throws Exception {
    JsonObject full = fullApp().put("name", "roundtrip");
    var created = gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps", admin, full);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject read = gw.app("shop", "roundtrip", admin);
    JsonObject back =
        read.getJsonObject("spec")
            .copy()
            .put("labels", read.getJsonObject("labels"))
            .put("version", read.getLong("version"));
    var updated = gw.call(HttpMethod.PUT, "/api/v1/tenants/shop/apps/roundtrip", admin, back);
    assertThat(updated.statusCode()).as(updated.bodyAsString()).isEqualTo(200);
  }

  /** Every field an app may have, as a tenant would write it. */
  static JsonObject fullApp() {
    JsonObject app =
        AppSpecs.onMain(repo.url(), "web", "dev", "shop-web")
            .put("labels", new JsonObject().put("team", "web").put("example.com/tier", "front"))
            .put(
                "syncPolicy",
                new JsonObject()
                    .put(
                        "automated",
                        new JsonObject()
                            .put("prune", true)
                            .put("selfHeal", false)
                            .put("allowEmpty", false))
                    .put(
                        "syncOptions",
                        new JsonArray().add("FieldConflicts=Override").add("WaveTimeout=600s")))
            .put(
                "ignoreDifferences",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("group", "apps")
                            .put("kind", "Deployment")
                            .put("name", "web")
                            .put("namespace", "shop-web")
                            .put("jsonPointers", new JsonArray().add("/spec/replicas"))
                            .put(
                                "jqPathExpressions",
                                new JsonArray().add(".spec.template.spec.containers[0].image"))
                            .put(
                                "managedFieldsManagers",
                                new JsonArray().add("kube-controller-manager"))));
    app.getJsonObject("source")
        .put("sourceType", "Directory")
        .put(
            "directory",
            new JsonObject()
                .put("recurse", false)
                .put("include", "*.yaml")
                .put("exclude", new JsonArray().add("skip-*.yaml")));
    return app;
  }

  static JsonObject helmApp() {
    JsonObject app = AppSpecs.onMain(repo.url(), "chart", "dev", "shop-web").put("name", "chart");
    app.getJsonObject("source")
        .put("sourceType", "Helm")
        .put(
            "helm",
            new JsonObject()
                .put("releaseName", "shop.web")
                .put("namespace", "shop-web")
                .put(
                    "valueFiles",
                    new JsonArray().add("values-prod.yaml").add("../shared/values.yaml"))
                .put("values", "replicas: 2\n")
                .put(
                    "parameters",
                    new JsonArray()
                        .add(new JsonObject().put("name", "image.tag").put("value", "1.2.3"))
                        .add(new JsonObject().put("name", "replicas").put("value", 3))
                        .add(new JsonObject().put("name", "debug").put("value", true))));
    return app;
  }

  /**
   * One valid body per operation that takes one; an operation added to the document without a row
   * fails.
   */
  static Map<String, List<JsonObject>> validBodies() {
    Map<String, List<JsonObject>> bodies = new TreeMap<>();
    JsonObject valuesObject = helmApp();
    valuesObject.getJsonObject("source").getJsonObject("helm").remove("values");
    valuesObject
        .getJsonObject("source")
        .getJsonObject("helm")
        .put("valuesObject", new JsonObject().put("replicas", 2));
    bodies.put(
        "post /tenants/{tenant}/apps",
        List.of(
            fullApp().put("name", "web"), helmApp(), valuesObject, helmApp().put("version", 3)));
    JsonObject update = fullApp().put("version", 4);
    JsonObject withNulls = AppSpecs.of(repo.url(), null, "dev", "shop-web").put("labels", null);
    withNulls.getJsonObject("source").put("targetRevision", null).put("sourceType", null);
    bodies.put("put /tenants/{tenant}/apps/{app}", List.of(update, withNulls));
    bodies.put(
        "post /tenants/{tenant}/apps/{app}/operations",
        List.of(
            new JsonObject(),
            new JsonObject()
                .put("dryRun", true)
                .put("prune", true)
                .put("force", false)
                .put("overrideSyncWindow", true)));
    bodies.put(
        "post /tenants/{tenant}/apps/{app}/rollback",
        List.of(new JsonObject().put("revision", "0123abc").put("overrideSyncWindow", false)));
    bodies.put(
        "post /tenants/{tenant}/tokens",
        List.of(
            new JsonObject().put("name", "ci").put("role", "deployer").put("expiresInDays", 366),
            new JsonObject().put("name", "ci").put("role", "viewer")));
    bodies.put(
        "put /admin/tenants/{tenant}",
        List.of(
            new JsonObject()
                .put("name", "ops")
                .put("displayName", "Ops")
                .put(
                    "roles",
                    new JsonObject().put("ops-admins", "admin").put("ops-readers", "viewer"))
                .put("sourceRepos", new JsonArray().add("https://git.example/*"))
                .put(
                    "destinations",
                    new JsonArray()
                        .add(new JsonObject().put("cluster", "dev").put("namespace", "ops-*")))
                .put(
                    "kinds",
                    new JsonObject()
                        .put("allow", new JsonArray().add("*"))
                        .put("deny", new JsonArray().add("Namespace")))
                .put("quotas", new JsonObject().put("maxApps", 10).put("maxClusters", 2))
                .put(
                    "syncWindows",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("kind", "deny")
                                .put("schedule", "0 22 * * *")
                                .put("duration", "8h")
                                .put("clusters", new JsonArray().add("dev"))
                                .put("manualSync", true)))));
    bodies.put(
        "put /tenants/{tenant}/repository-credentials",
        List.of(
            new JsonObject()
                .put("url", "https://git.example/shop/")
                .put("username", "bot")
                .put("password", "s3cret"),
            new JsonObject()
                .put("url", "ssh://git@git.example/shop/")
                .put("username", "git")
                .put("sshPrivateKey", "-----BEGIN OPENSSH PRIVATE KEY-----")
                .put("sshPassphrase", "p")
                .put("sshKnownHosts", "git.example ssh-ed25519 AAAA"),
            new JsonObject()
                .put("url", "ssh://git@git.example/")
                .put("sshPrivateKey", "k")
                .put("insecureIgnoreHostKey", true)));
    bodies.put(
        "put /admin/clusters/{cluster}",
        List.of(
            new JsonObject()
                .put("server", "https://k.example:6443")
                .put("token", "t")
                .put("caData", "LS0t")
                .put("insecureSkipTlsVerify", false),
            new JsonObject().put("kubeconfig", "apiVersion: v1").put("context", "edge")));
    bodies.put(
        "put /admin/clusters/{cluster}/labels",
        List.of(
            new JsonObject()
                .put("labels", new JsonObject().put("env", "prod").put("region", "eu"))));
    bodies.put(
        "put /tenants/{tenant}/appsets/{appset}",
        List.of(
            new JsonObject()
                .put(
                    "template",
                    new JsonObject()
                        .put("name", "{{cluster}}-web")
                        .put("labels", new JsonObject().put("env", "{{labels.env}}"))
                        .put(
                            "source",
                            new JsonObject()
                                .put("repoURL", "https://git.example/shop.git")
                                .put("path", "web"))
                        .put(
                            "destination",
                            new JsonObject()
                                .put("cluster", "{{cluster}}")
                                .put("namespace", "shop")))
                .put(
                    "generators",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put(
                                    "matrix",
                                    new JsonObject()
                                        .put(
                                            "generators",
                                            new JsonArray()
                                                .add(
                                                    new JsonObject()
                                                        .put(
                                                            "clusters",
                                                            new JsonObject()
                                                                .put(
                                                                    "selector",
                                                                    new JsonObject()
                                                                        .put(
                                                                            "matchLabels",
                                                                            new JsonObject()
                                                                                .put(
                                                                                    "env",
                                                                                    "prod")))))
                                                .add(
                                                    new JsonObject()
                                                        .put(
                                                            "git",
                                                            new JsonObject()
                                                                .put(
                                                                    "repoURL",
                                                                    "https://git.example/shop.git")
                                                                .put("revision", "main")
                                                                .put(
                                                                    "directories",
                                                                    new JsonArray()
                                                                        .add(
                                                                            new JsonObject()
                                                                                .put(
                                                                                    "path",
                                                                                    "apps/*"))))))))
                        .add(
                            new JsonObject()
                                .put(
                                    "list",
                                    new JsonObject()
                                        .put(
                                            "elements",
                                            new JsonArray()
                                                .add(
                                                    new JsonObject()
                                                        .put("cluster", "dev")
                                                        .put("labels.env", "dev"))))))
                .put(
                    "strategy",
                    new JsonObject()
                        .put("type", "RollingSync")
                        .put(
                            "rollingSync",
                            new JsonObject()
                                .put(
                                    "steps",
                                    new JsonArray()
                                        .add(
                                            new JsonObject()
                                                .put(
                                                    "matchExpressions",
                                                    new JsonArray()
                                                        .add(
                                                            new JsonObject()
                                                                .put("key", "env")
                                                                .put("operator", "In")
                                                                .put(
                                                                    "values",
                                                                    new JsonArray()
                                                                        .add("dev"))))))))
                .put("syncPolicy", new JsonObject().put("preserveResourcesOnDeletion", false))));
    bodies.put("post /webhooks/git", List.of(new JsonObject().put("ref", "refs/heads/main")));
    bodies.put(
        "put /tenants/{tenant}/notifications/targets/{name}",
        List.of(
            new JsonObject()
                .put("url", "https://hooks.slack.example/services/T0/B0/x")
                .put("preset", "slack")
                .put(
                    "triggers",
                    new JsonArray()
                        .add("sync-succeeded")
                        .add("sync-failed")
                        .add("health-degraded")
                        .add("out-of-sync"))
                .put("outOfSyncAfterSeconds", 900)
                .put("template", "{{tenant}}/{{app}}: {{message}}")
                .put("headers", new JsonObject().put("Authorization", "Bearer t")),
            new JsonObject()
                .put("url", "https://teams.example/webhook")
                .put("preset", "teams")
                .put("triggers", new JsonArray().add("health-degraded"))));
    return bodies;
  }

  @Test
  void everyOperationThatTakesABodyAcceptsAFullValidOne() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      OpenAPIContract contract = RequestContract.load(vertx).await(60, TimeUnit.SECONDS);
      RequestValidator validator = RequestValidator.create(vertx, contract);
      Map<String, List<JsonObject>> bodies = validBodies();
      List<String> withBody =
          contract.operations().stream()
              .filter(o -> o.getRequestBody() != null)
              .map(Operation::getOperationId)
              .sorted()
              .toList();
      assertThat(bodies.keySet())
          .as("a valid body for every operation that takes one")
          .containsExactlyElementsOf(withBody);
      for (Operation op : contract.operations()) {
        for (JsonObject body : bodies.getOrDefault(op.getOperationId(), List.of())) {
          Map<String, RequestParameter> path = new HashMap<>();
          op.getParameters().stream()
              .filter(p -> p.getIn().name().equals("PATH"))
              .forEach(
                  p ->
                      path.put(
                          p.getName(),
                          new RequestParameterImpl(p.getName().equals("id") ? "1" : "dev")));
          Object json = RequestValidation.withoutNulls(body);
          var request =
              new ValidatableRequestImpl(
                  Map.of(),
                  Map.of(),
                  path,
                  Map.of(),
                  new RequestParameterImpl(Buffer.buffer(((JsonObject) json).encode())),
                  "application/json");
          var outcome =
              validator.validate(request, op.getOperationId()).await(60, TimeUnit.SECONDS);
          assertThat(outcome).as(op.getOperationId() + " " + body.encode()).isNotNull();
        }
      }
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
  }
}
