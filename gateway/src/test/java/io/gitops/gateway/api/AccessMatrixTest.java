package io.gitops.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.MatrixCallers;
import io.gitops.gateway.support.MatrixCallers.Caller;
import io.gitops.gateway.support.MatrixCallers.Standing;
import io.gitops.gateway.support.MatrixTenants;
import io.gitops.gateway.support.TestIssuer;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the router × every kind of caller ({@link MatrixCallers}: each team-a role by OIDC
 * and by API token, team-b's admin, the operator) × own tenant and another tenant, and every
 * refused credential (none, expired, wrong audience, tampered, signed by another key, unknown API
 * token): the expected status, and nothing of the other tenant in any answer. The routes are read
 * from the router, so a new endpoint without a row in {@link #RULES} fails {@link
 * #everyRouteHasARuleAndEveryRuleARoute}. To cover a new endpoint, add one {@link Rule}; GraphQL
 * and WebSocket rows go in the same table with their own {@link Call}.
 */
public class AccessMatrixTest {
  /**
   * Who may call a route: nobody needs a token (PUBLIC), any valid caller, a tenant role, or the
   * operator.
   */
  enum Need {
    PUBLIC,
    ANY,
    VIEWER,
    DEPLOYER,
    ADMIN,
    OPERATOR
  }

  /** Places the caller's tenant ("team-a") or another ("team-b") into a request, and sends it. */
  interface Call {
    Answer send(String tenant, String token) throws Exception;
  }

  record Answer(int status, String body) {}

  /**
   * One route's rule: its method and path as the router spells them, who may call it, what success
   * is.
   */
  record Rule(
      String method,
      String path,
      Need need,
      int ok,
      Function<String, JsonObject> body,
      Consumer<String> restore) {
    Rule(String method, String path, Need need, int ok) {
      this(method, path, need, ok, tenant -> null, tenant -> {});
    }

    String key() {
      return method + " " + path;
    }
  }

  static final java.util.concurrent.atomic.AtomicInteger CREATED =
      new java.util.concurrent.atomic.AtomicInteger();
  static final String OWN = "team-a";
  static final String OTHER = "team-b";
  static final String GHOST = "ghost";

  /** Strings that exist only in team-b's data; none may appear in an answer to a team-a caller. */
  static final List<String> FOREIGN_MARKERS = List.of("bravo", "team-b");

  static final List<Rule> RULES =
      List.of(
          new Rule("GET", "/health/live", Need.PUBLIC, 200),
          new Rule("GET", "/health/ready", Need.PUBLIC, 200),
          new Rule("GET", "/metrics", Need.PUBLIC, 200),
          // the web UI: the page and its sign-in settings are public, the data comes from the API
          new Rule("GET", "/", Need.PUBLIC, 200),
          new Rule("GET", "/ui", Need.PUBLIC, 200),
          new Rule("GET", "/ui/", Need.PUBLIC, 200),
          new Rule("GET", "/ui/config.json", Need.PUBLIC, 200),
          new Rule("GET", "/api/v1/tenants", Need.ANY, 200),
          new Rule("GET", "/api/v1/tenants/:tenant/apps", Need.VIEWER, 200),
          new Rule("GET", "/api/v1/tenants/:tenant/apps/:app", Need.VIEWER, 200),
          new Rule(
              "PUT",
              "/api/v1/tenants/:tenant/apps/:app",
              Need.ADMIN,
              200,
              AccessMatrixTest::appSpec,
              tenant -> {}),
          new Rule(
              "DELETE",
              "/api/v1/tenants/:tenant/apps/:app",
              Need.ADMIN,
              204,
              tenant -> null,
              AccessMatrixTest::recreateApp),
          new Rule("POST", "/api/v1/tenants/:tenant/apps/:app/refresh", Need.DEPLOYER, 200),
          new Rule("POST", "/api/v1/tenants/:tenant/apps/:app/sync", Need.DEPLOYER, 200),
          new Rule(
              "POST",
              "/api/v1/tenants/:tenant/tokens",
              Need.ADMIN,
              201,
              tenant -> new JsonObject().put("name", "made-in-matrix").put("role", "viewer"),
              tenant -> {}),
          new Rule("GET", "/api/v1/tenants/:tenant/tokens", Need.ADMIN, 200),
          new Rule("DELETE", "/api/v1/tenants/:tenant/tokens/:id", Need.ADMIN, 204),
          new Rule("GET", "/api/v1/tenants/:tenant/audit", Need.ADMIN, 200),
          new Rule("GET", "/api/v1/audit", Need.OPERATOR, 200),
          new Rule("GET", "/api/v1/admin/tenants", Need.OPERATOR, 200),
          new Rule("GET", "/api/v1/admin/tenants/:tenant", Need.OPERATOR, 200),
          new Rule(
              "PUT",
              "/api/v1/admin/tenants/:tenant",
              Need.OPERATOR,
              200,
              tenant -> teamC(),
              tenant -> {}),
          new Rule(
              "DELETE",
              "/api/v1/admin/tenants/:tenant",
              Need.OPERATOR,
              204,
              tenant -> null,
              tenant -> recreateTeamC()),
          new Rule("GET", "/api/v1/tenants/:tenant/repository-credentials", Need.ADMIN, 200),
          new Rule(
              "PUT",
              "/api/v1/tenants/:tenant/repository-credentials",
              Need.ADMIN,
              200,
              AccessMatrixTest::credential,
              tenant -> {}),
          new Rule(
              "DELETE",
              "/api/v1/tenants/:tenant/repository-credentials",
              Need.ADMIN,
              204,
              tenant -> null,
              AccessMatrixTest::recreateCredential),
          new Rule("GET", "/api/v1/admin/clusters", Need.OPERATOR, 200),
          new Rule(
              "PUT",
              "/api/v1/admin/clusters/:cluster",
              Need.OPERATOR,
              200,
              tenant -> extraCluster(),
              tenant -> {}),
          new Rule(
              "DELETE",
              "/api/v1/admin/clusters/:cluster",
              Need.OPERATOR,
              204,
              tenant -> null,
              tenant -> recreateExtraCluster()),
          new Rule("GET", "/api/v1/admin/clusters/:cluster/labels", Need.OPERATOR, 200),
          new Rule("GET", "/api/v1/tenants/:tenant/appsets", Need.VIEWER, 200),
          new Rule("GET", "/api/v1/tenants/:tenant/environments", Need.VIEWER, 200),
          new Rule("GET", "/api/v1/tenants/:tenant/environments/compare", Need.VIEWER, 200),
          new Rule("GET", "/api/v1/tenants/:tenant/environments/stream", Need.VIEWER, 200),
          new Rule("GET", "/api/v1/tenants/:tenant/appsets/:appset", Need.VIEWER, 200),
          new Rule(
              "PUT",
              "/api/v1/tenants/:tenant/appsets/:appset",
              Need.ADMIN,
              200,
              AccessMatrixTest::appSet,
              tenant -> {}),
          new Rule(
              "DELETE",
              "/api/v1/tenants/:tenant/appsets/:appset",
              Need.ADMIN,
              204,
              tenant -> null,
              AccessMatrixTest::recreateAppSet),
          new Rule(
              "PUT",
              "/api/v1/admin/clusters/:cluster/labels",
              Need.OPERATOR,
              200,
              tenant -> new JsonObject().put("labels", new JsonObject().put("env", "dev")),
              tenant -> {}),
          new Rule(
              "POST",
              "/api/v1/tenants/:tenant/apps",
              Need.ADMIN,
              201,
              tenant -> appSpec(tenant).put("name", "made-" + CREATED.incrementAndGet()),
              tenant -> {}),
          new Rule("GET", "/api/v1/tenants/:tenant/apps/:app/resources", Need.VIEWER, 200),
          new Rule("GET", "/api/v1/tenants/:tenant/apps/:app/diff", Need.VIEWER, 200),
          new Rule("GET", "/api/v1/stream/apps", Need.ANY, 200),
          new Rule("GET", "/api/v1/openapi.yaml", Need.PUBLIC, 200),
          // The live feed and GraphQL subscriptions check their token after the upgrade: a plain
          // GET is refused.
          new Rule("GET", "/ws/status", Need.PUBLIC, 400),
          new Rule("GET", "/graphql", Need.PUBLIC, 400),
          new Rule(
              "POST",
              "/graphql",
              Need.ANY,
              200,
              tenant -> new JsonObject().put("query", "{ tenants { name role } }"),
              tenant -> {}),
          new Rule("GET", "/api/v1/tenants/:tenant/apps/:app/operations", Need.VIEWER, 200),
          new Rule("GET", "/api/v1/tenants/:tenant/apps/:app/operations/:id", Need.VIEWER, 200),
          new Rule("POST", "/api/v1/tenants/:tenant/apps/:app/operations", Need.DEPLOYER, 200),
          new Rule(
              "POST",
              "/api/v1/tenants/:tenant/apps/:app/rollback",
              Need.DEPLOYER,
              200,
              tenant -> new JsonObject().put("revision", AccessMatrixTest.head),
              AccessMatrixTest::resumeAutoSync),
          new Rule(
              "POST", "/api/v1/tenants/:tenant/apps/:app/resume-auto-sync", Need.DEPLOYER, 200),
          new Rule("GET", "/api/v1/tenants/:tenant/apps/:app/auto-sync", Need.VIEWER, 200),
          // Providers sign webhooks instead of sending a token: an unsigned delivery from nobody is
          // refused.
          new Rule("POST", "/api/v1/webhooks/git", Need.PUBLIC, 400),
          new Rule("GET", "/api/v1/tenants/:tenant/notifications/targets", Need.ADMIN, 200),
          new Rule(
              "PUT",
              "/api/v1/tenants/:tenant/notifications/targets/:name",
              Need.ADMIN,
              200,
              AccessMatrixTest::notificationTarget,
              tenant -> {}),
          new Rule(
              "DELETE",
              "/api/v1/tenants/:tenant/notifications/targets/:name",
              Need.ADMIN,
              204,
              tenant -> null,
              AccessMatrixTest::recreateNotificationTarget),
          new Rule("GET", "/api/v1/tenants/:tenant/notifications/deliveries", Need.VIEWER, 200),
          new Rule(
              "POST",
              "/api/v1/tenants/:tenant/apps/import",
              Need.ADMIN,
              201,
              AccessMatrixTest::argoApplication,
              tenant -> {}));

  /** An Argo CD Application (JSON is YAML too) for the tenant's own repository path. */
  static JsonObject argoApplication(String tenant) {
    JsonObject spec = appSpec(tenant);
    spec.getJsonObject("destination")
        .put("name", spec.getJsonObject("destination").remove("cluster"));
    return new JsonObject()
        .put("apiVersion", "argoproj.io/v1alpha1")
        .put("kind", "Application")
        .put("metadata", new JsonObject().put("name", "imported-" + CREATED.incrementAndGet()))
        .put("spec", spec);
  }

  /**
   * A notification target per tenant; team-b's URL path and header value must never show up
   * anywhere. Its trigger never fires during the matrix (nothing stays out of sync for 10 minutes).
   */
  static JsonObject notificationTarget(String tenant) {
    boolean other = tenant.equals(OTHER);
    return new JsonObject()
        .put("url", "http://127.0.0.1:1/" + (other ? "bravo-hook" : "alpha-hook"))
        .put("triggers", new io.vertx.core.json.JsonArray().add("out-of-sync"))
        .put(
            "headers",
            new JsonObject().put("Authorization", other ? "bravo-secret" : "alpha-secret"));
  }

  static void recreateNotificationTarget(String tenant) {
    try {
      gw.call(
          HttpMethod.PUT,
          "/api/v1/tenants/" + tenant + "/notifications/targets/chat",
          operator(),
          notificationTarget(tenant));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonObject extraCluster() {
    return new JsonObject().put("server", "http://localhost:1").put("token", "bravo-cluster-token");
  }

  static void recreateExtraCluster() {
    try {
      gw.call(HttpMethod.PUT, "/api/v1/admin/clusters/extra", operator(), extraCluster());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String head;
  static final Map<String, String> operationIds = new java.util.HashMap<>();

  /** A synced app has a successful operation at head: something to read and to roll back to. */
  static void syncOnce(String tenant) throws Exception {
    String path = "/api/v1/tenants/" + tenant + "/apps/" + appOf(tenant) + "/operations";
    // A sync with nothing to apply records no operation: take the app's object away so there is
    // something.
    gw.clusters
        .get("dev")
        .client()
        .configMaps()
        .inNamespace(tenant + "-x")
        .withName("cfg")
        .delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              expect(gw.call(HttpMethod.POST, path, operator(), null), 200);
              var items =
                  gw.call(HttpMethod.GET, path, operator(), null)
                      .bodyAsJsonObject()
                      .getJsonArray("items");
              assertThat(items).isNotEmpty();
              assertThat(items.getJsonObject(0).getString("phase")).isEqualTo("Succeeded");
              operationIds.put(tenant, String.valueOf(items.getJsonObject(0).getValue("id")));
            });
  }

  static void resumeAutoSync(String tenant) {
    try {
      gw.call(
          HttpMethod.POST,
          "/api/v1/tenants/" + tenant + "/apps/" + appOf(tenant) + "/resume-auto-sync",
          operator(),
          null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static final String CREDENTIALS_KEY =
      java.util.Base64.getEncoder().encodeToString(new byte[32]);

  /** A write-only credential per tenant; team-b's password must never show up anywhere. */
  static JsonObject credential(String tenant) {
    return new JsonObject()
        .put("url", "https://git.example.com/" + tenant + "/")
        .put("username", "bot")
        .put("password", tenant.equals(OTHER) ? "bravo-password" : "alpha-password");
  }

  static void recreateCredential(String tenant) {
    try {
      gw.call(
          HttpMethod.PUT,
          "/api/v1/tenants/" + tenant + "/repository-credentials",
          operator(),
          credential(tenant));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static final String TEAM_A = MatrixTenants.TEAM_A;
  static final String TEAM_B = MatrixTenants.TEAM_B;
  static final String CONFIG =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {k: v}\n";

  @TempDir static Path work;
  static Vertx issuerVertx;
  static TestIssuer issuer;
  static GatewayHarness gw;
  static TestRepo repo;
  static MatrixCallers callers;
  static final Map<String, String> tokenIds = new java.util.HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    issuerVertx = Vertx.vertx();
    issuer = TestIssuer.start(issuerVertx);
    gw =
        GatewayHarness.start(
            work,
            Map.of(OWN, TEAM_A, OTHER, TEAM_B),
            List.of("dev"),
            List.of(),
            issuer.url(),
            Map.of("credentials", Map.of("key", CREDENTIALS_KEY)));
    repo = TestRepo.create(work.resolve("repo"));
    head = repo.commit("apps", Map.of("alpha/cm.yaml", CONFIG, "bravo-path/cm.yaml", CONFIG));
    String operator = operator();
    expect(
        gw.call(HttpMethod.PUT, "/api/v1/tenants/team-a/apps/alpha", operator, appSpec(OWN)), 201);
    expect(
        gw.call(
            HttpMethod.PUT, "/api/v1/tenants/team-b/apps/bravo-secret", operator, appSpec(OTHER)),
        201);
    recreateTeamC();
    syncOnce(OWN);
    syncOnce(OTHER);
    recreateExtraCluster();
    recreateCredential(OWN);
    recreateCredential(OTHER);
    recreateAppSet(OWN);
    recreateAppSet(OTHER);
    recreateNotificationTarget(OWN);
    recreateNotificationTarget(OTHER);
    callers = MatrixCallers.create(gw, issuer);
    tokenIds.put(
        OWN,
        new JsonObject(
                gw.call(
                        HttpMethod.POST,
                        "/api/v1/tenants/team-a/tokens",
                        operator,
                        new JsonObject().put("name", "victim").put("role", "viewer"))
                    .bodyAsString())
            .getString("id"));
    tokenIds.put(
        OTHER,
        new JsonObject(
                gw.call(
                        HttpMethod.POST,
                        "/api/v1/tenants/team-b/tokens",
                        operator,
                        new JsonObject().put("name", "bravo-token").put("role", "viewer"))
                    .bodyAsString())
            .getString("id"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> gw.call(HttpMethod.GET, "/health/ready", null, null).statusCode() == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (repo != null) {
      repo.close();
    }
    if (issuer != null) {
      issuer.close();
    }
    issuerVertx.close().await(10, TimeUnit.SECONDS);
  }

  static String operator() {
    return issuer.token("olga", "gitops-operators");
  }

  static void expect(io.vertx.ext.web.client.HttpResponse<?> r, int status) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
  }

  static JsonObject spec(String path, String namespace) {
    return AppSpecs.onMain(repo.url(), path, "dev", namespace);
  }

  /** The app of the tenant in the path: team-a's "alpha", team-b's "bravo-secret". */
  static JsonObject appSpec(String tenant) {
    return tenant.equals(OTHER) ? spec("bravo-path", "team-b-x") : spec("alpha", "team-a-x");
  }

  /** One generated app per tenant, from a list generator, inside the tenant's own rules. */
  static JsonObject appSet(String tenant) {
    return new JsonObject()
        .put("template", appSpec(tenant).put("name", "{{prefix}}-gen"))
        .put(
            "generators",
            new io.vertx.core.json.JsonArray()
                .add(
                    new JsonObject()
                        .put(
                            "list",
                            new JsonObject()
                                .put(
                                    "elements",
                                    new io.vertx.core.json.JsonArray()
                                        .add(
                                            new JsonObject()
                                                .put(
                                                    "prefix",
                                                    tenant.equals(OTHER) ? "bravo" : "alpha"))))));
  }

  static String appSetOf(String tenant) {
    return tenant.equals(OTHER) ? "bravo-set" : "alpha-set";
  }

  static void recreateAppSet(String tenant) {
    try {
      expect(
          gw.call(
              HttpMethod.PUT,
              "/api/v1/tenants/" + tenant + "/appsets/" + appSetOf(tenant),
              operator(),
              appSet(tenant)),
          201);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String appOf(String tenant) {
    return tenant.equals(OTHER) ? "bravo-secret" : "alpha";
  }

  static JsonObject teamC() {
    return new JsonObject().put("roles", new JsonObject().put("team-c-admins", "admin"));
  }

  static void recreateApp(String tenant) {
    try {
      gw.call(
          HttpMethod.PUT,
          "/api/v1/tenants/" + tenant + "/apps/" + appOf(tenant),
          operator(),
          appSpec(tenant));
      syncOnce(tenant); // its history went with it
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void recreateTeamC() {
    try {
      gw.call(HttpMethod.PUT, "/api/v1/admin/tenants/team-c", operator(), teamC());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyRouteHasARuleAndEveryRuleARoute() {
    TreeSet<String> routes = new TreeSet<>();
    collect(gw.gateway.router(), "", routes);
    TreeSet<String> rules = new TreeSet<>(RULES.stream().map(Rule::key).toList());
    assertThat(routes).as("routes of the router (add a Rule for each new one)").isEqualTo(rules);
  }

  public static void collect(Router router, String prefix, TreeSet<String> out) {
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (route.getSubRouter() != null) {
        collect(
            route.getSubRouter(), prefix + (path == null ? "" : path.replaceAll("/$", "")), out);
      } else if (path != null || route.isRegexPath()) {
        String shown = prefix + (path == null ? "regex" : path);
        if (route.methods() == null || route.methods().isEmpty()) {
          out.add("* " + shown);
        } else {
          route.methods().forEach(m -> out.add(m.name() + " " + shown));
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> matrix() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Rule rule : RULES) {
      if (rule.need() == Need.PUBLIC) {
        tests.add(
            DynamicTest.dynamicTest(
                rule.key() + " × no token",
                () -> assertThat(send(rule, OWN, null).status()).isEqualTo(rule.ok())));
        continue;
      }
      callers
          .refused()
          .forEach(
              (name, token) ->
                  tests.add(
                      DynamicTest.dynamicTest(
                          rule.key() + " × " + name,
                          () -> {
                            Answer a = send(rule, OWN, token.get());
                            assertThat(a.status()).as(a.body()).isEqualTo(401);
                            assertNoForeignData(a);
                          })));
      boolean tenantRoute = rule.path().contains(":tenant") && rule.need() != Need.OPERATOR;
      for (Caller caller : callers.valid()) {
        if (caller.standing() == Standing.OUTSIDER) {
          // team-b's admin on team-a: as if team-a did not exist, and nothing of team-a in any
          // answer
          tests.add(
              DynamicTest.dynamicTest(
                  rule.key() + " × " + caller.name() + " × team-a",
                  () -> {
                    Answer a = send(rule, OWN, caller.token().get());
                    assertThat(a.status())
                        .as(a.body())
                        .isEqualTo(
                            tenantRoute
                                ? 404
                                : allowed(rule.need(), caller.standing()) ? rule.ok() : 403);
                    for (String marker : List.of("alpha", "team-a")) {
                      assertThat(a.body().replace("tenant " + OWN, "tenant"))
                          .as("answer leaks team-a's data to team-b")
                          .doesNotContain(marker);
                    }
                    if (tenantRoute) {
                      Answer ghost = send(rule, GHOST, caller.token().get());
                      assertThat(a.body().replace(OWN, "?"))
                          .as("the same answer as for a tenant that does not exist")
                          .isEqualTo(ghost.body().replace(GHOST, "?"));
                    } else if (a.status() == rule.ok()) {
                      rule.restore().accept(OWN);
                    }
                  }));
          continue;
        }
        tests.add(
            DynamicTest.dynamicTest(
                rule.key() + " × " + caller.name() + " × own tenant",
                () -> {
                  Answer a = send(rule, OWN, caller.token().get());
                  // only people mint API tokens (TokenMintingTest): an admin API token is refused
                  // like a lesser role
                  boolean minting =
                      rule.key().equals("POST /api/v1/tenants/:tenant/tokens")
                          && caller.name().startsWith("api-token");
                  assertThat(a.status())
                      .as(a.body())
                      .isEqualTo(
                          allowed(rule.need(), caller.standing()) && !minting ? rule.ok() : 403);
                  if (caller.standing() != Standing.OPERATOR) {
                    assertNoForeignData(a);
                  }
                  if (a.status() == rule.ok()) {
                    rule.restore().accept(OWN);
                  }
                }));
        if (tenantRoute) {
          tests.add(
              DynamicTest.dynamicTest(
                  rule.key() + " × " + caller.name() + " × other tenant",
                  () -> {
                    Answer a = send(rule, OTHER, caller.token().get());
                    if (caller.standing() == Standing.OPERATOR) {
                      assertThat(a.status()).as(a.body()).isEqualTo(rule.ok());
                      rule.restore().accept(OTHER);
                      return;
                    }
                    assertThat(a.status()).as(a.body()).isEqualTo(404);
                    assertNoForeignData(
                        new Answer(a.status(), a.body().replace("tenant " + OTHER, "tenant")));
                    Answer ghost = send(rule, GHOST, caller.token().get());
                    assertThat(a.body().replace(OTHER, "?"))
                        .as("the same answer as for a tenant that does not exist")
                        .isEqualTo(ghost.body().replace(GHOST, "?"));
                  }));
        }
      }
    }
    return tests.stream();
  }

  static boolean allowed(Need need, Standing caller) {
    return switch (need) {
      case PUBLIC, ANY -> true;
      case OPERATOR -> caller == Standing.OPERATOR;
      default -> caller.atLeast(Standing.valueOf(need.name()));
    };
  }

  static void assertNoForeignData(Answer a) {
    for (String marker : FOREIGN_MARKERS) {
      assertThat(a.body()).as("answer leaks another tenant's data").doesNotContain(marker);
    }
  }

  /**
   * Fills the path: the tenant, team-a's or team-b's app and token, team-c for the operator's
   * tenant admin.
   */
  static Answer send(Rule rule, String tenant, String token) throws Exception {
    boolean admin = rule.path().startsWith("/api/v1/admin/");
    String path =
        rule.path()
            .replace(":tenant", admin ? "team-c" : tenant)
            .replace(":appset", appSetOf(tenant))
            .replace(":app", appOf(tenant))
            .replace(":cluster", "extra")
            .replace(":name", "chat")
            .replace(
                ":id",
                rule.path().contains("/operations/")
                    ? operationIds.getOrDefault(tenant, "0")
                    : ":id")
            .replace(":id", tokenIds.getOrDefault(tenant, "0000000000000000"));
    if (rule.path().endsWith("/repository-credentials") && rule.method().equals("DELETE")) {
      path +=
          "?url="
              + java.net.URLEncoder.encode(
                  credential(tenant).getString("url"), java.nio.charset.StandardCharsets.UTF_8);
    }
    if (rule.path().contains("/environments")) {
      path +=
          "?appset="
              + appSetOf(tenant)
              + (path.endsWith("/compare") ? "&a=dev&b=dev" : "")
              + (path.endsWith("/stream") ? "&follow=false" : "");
    }
    if (rule.path().equals("/api/v1/stream/apps")) {
      path +=
          "?follow=false"; // the snapshot, then the end: a stream that would never end otherwise
    }
    JsonObject body = rule.body().apply(tenant);
    var r = gw.call(HttpMethod.valueOf(rule.method()), path, token, body);
    return new Answer(r.statusCode(), r.bodyAsString() == null ? "" : r.bodyAsString());
  }
}
