package io.gitops.gateway.api;

import io.gitops.gateway.support.AppSpecs;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.MatrixTenants;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access matrix for GraphQL, where every operation shares one route: each query and mutation ×
 * viewer, deployer, admin, operator × own tenant and another tenant, plus bad tokens. An operation
 * on another tenant fails exactly as on a tenant that does not exist, and no answer carries the
 * other tenant's data.
 */
class GraphQLAccessMatrixTest {
  enum Need { VIEWER, DEPLOYER, ADMIN }

  /** {@code %s} is the tenant; team-a's app is "alpha", team-b's "bravo-secret" (filled by {@link #app}). */
  record Op(String name, Need need, String template) {
    String query(String tenant) {
      return template.replace("$T", tenant).replace("$A", app(tenant));
    }
  }

  static final List<Op> OPS = List.of(
      new Op("apps", Need.VIEWER, "{ apps(tenant: \"$T\") { edges { node { name } } } }"),
      new Op("app", Need.VIEWER, "{ app(tenant: \"$T\", name: \"$A\") { name } }"),
      new Op("refreshApp", Need.DEPLOYER, "mutation { refreshApp(tenant: \"$T\", name: \"$A\") { name } }"),
      new Op("syncApp", Need.DEPLOYER, "mutation { syncApp(tenant: \"$T\", name: \"$A\") { name } }"),
      new Op("app.history", Need.VIEWER, "{ app(tenant: \"$T\", name: \"$A\") { history { id phase triggeredBy } } }"),
      new Op("syncApp(dryRun)", Need.DEPLOYER, "mutation { syncApp(tenant: \"$T\", name: \"$A\", dryRun: true, prune: true) { name"
          + " dryRun { plan { create } } } }"),
      new Op("rollbackApp", Need.DEPLOYER, "mutation { rollbackApp(tenant: \"$T\", name: \"$A\", revision: \"REV\") { name } }"),
      new Op("resumeAutoSync", Need.DEPLOYER, "mutation { resumeAutoSync(tenant: \"$T\", name: \"$A\") { name } }"),
      new Op("updateApp", Need.ADMIN, "mutation { updateApp(tenant: \"$T\", name: \"$A\", input: {repoURL: \"REPO\","
          + " path: \"PATH\", cluster: \"dev\", namespace: \"$T-x\"}) { name } }"));

  record Caller(String name, Supplier<String> token, Need role, boolean operator) {}

  static final String TEAM_A = MatrixTenants.TEAM_A;
  static final String TEAM_B = MatrixTenants.TEAM_B;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  /** The commit both apps were synced to before the matrix: what rollbackApp goes back to. */
  static String synced;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("team-a", TEAM_A, "team-b", TEAM_B), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    synced = repo.commit("apps", Map.of("alpha/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: v}\n",
        "bravo-path/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: v}\n"));
    String operator = gw.token("olga", "gitops-operators");
    for (String tenant : List.of("team-a", "team-b")) {
      JsonObject spec = AppSpecs.of(repo.url(), path(tenant), "dev", tenant + "-x");
      assertThat(gw.call(HttpMethod.PUT, "/api/v1/tenants/" + tenant + "/apps/" + app(tenant), operator, spec).statusCode())
          .isEqualTo(201);
      String ops = "/api/v1/tenants/" + tenant + "/apps/" + app(tenant) + "/operations";
      assertThat(gw.call(HttpMethod.POST, ops, operator, new JsonObject()).statusCode()).isEqualTo(200);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  static String app(String tenant) {
    return tenant.equals("team-b") ? "bravo-secret" : "alpha";
  }

  static String path(String tenant) {
    return tenant.equals("team-b") ? "bravo-path" : "alpha";
  }

  static List<Caller> callers() {
    return List.of(
        new Caller("viewer", () -> gw.token("vic", "team-a-viewers"), Need.VIEWER, false),
        new Caller("deployer", () -> gw.token("dee", "team-a-deployers"), Need.DEPLOYER, false),
        new Caller("admin", () -> gw.token("ada", "team-a-admins"), Need.ADMIN, false),
        new Caller("operator", () -> gw.token("olga", "gitops-operators"), Need.ADMIN, true));
  }

  static JsonObject run(Op op, String tenant, String token) throws Exception {
    String query = op.query(tenant).replace("REPO", repo.url()).replace("PATH", path(tenant)).replace("REV", synced);
    var r = gw.call(HttpMethod.POST, "/graphql", token, new JsonObject().put("query", query));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static Integer errorStatus(JsonObject answer) {
    JsonArray errors = answer.getJsonArray("errors");
    if (errors == null || errors.isEmpty()) {
      return null;
    }
    JsonObject ext = errors.getJsonObject(0).getJsonObject("extensions", new JsonObject());
    return ext.getInteger("status");
  }

  @TestFactory
  Stream<DynamicTest> everyOperationForEveryCaller() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Op op : OPS) {
      for (Caller caller : callers()) {
        tests.add(DynamicTest.dynamicTest(op.name() + " × " + caller.name() + " × own tenant", () -> {
          JsonObject answer = run(op, "team-a", caller.token().get());
          boolean allowed = caller.role().ordinal() >= op.need().ordinal();
          assertThat(errorStatus(answer)).as(answer.encode()).isEqualTo(allowed ? null : 403);
          if (!caller.operator()) {
            assertThat(answer.encode()).doesNotContain("bravo").doesNotContain("team-b");
          }
        }));
        tests.add(DynamicTest.dynamicTest(op.name() + " × " + caller.name() + " × other tenant", () -> {
          JsonObject answer = run(op, "team-b", caller.token().get());
          if (caller.operator()) {
            assertThat(errorStatus(answer)).as(answer.encode()).isNull();
            return;
          }
          JsonObject ghost = run(op, "ghost", caller.token().get());
          assertThat(errorStatus(answer)).as(answer.encode()).isEqualTo(404);
          assertThat(answer.encode().replace("team-b", "?").replace("bravo-secret", "?"))
              .as("the same answer as for a tenant that does not exist")
              .isEqualTo(ghost.encode().replace("ghost", "?").replace("alpha", "?"));
          assertThat(answer.encode().replace("tenant team-b", "")).doesNotContain("bravo");
        }));
      }
      tests.add(DynamicTest.dynamicTest(op.name() + " × no token", () -> {
        var r = gw.call(HttpMethod.POST, "/graphql", null, new JsonObject().put("query", op.query("team-a")));
        assertThat(r.statusCode()).isEqualTo(401);
      }));
      tests.add(DynamicTest.dynamicTest(op.name() + " × expired token", () -> {
        var r = gw.call(HttpMethod.POST, "/graphql", gw.issuer.token("ada", List.of("team-a-admins"), -3600),
            new JsonObject().put("query", op.query("team-a")));
        assertThat(r.statusCode()).isEqualTo(401);
      }));
    }
    return tests.stream();
  }
}
