package io.gitops.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.MatrixCallers;
import io.gitops.gateway.support.MatrixCallers.Caller;
import io.gitops.gateway.support.MatrixCallers.Standing;
import io.gitops.gateway.support.MatrixGateway;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access matrix for GraphQL, where every operation shares one route: each query and mutation ×
 * every caller of {@link MatrixCallers} × own tenant and another tenant, and every refused
 * credential. An operation on another tenant fails exactly as on a tenant that does not exist, and
 * no answer carries the other tenant's data. The operations are read from the schema file, so a new
 * field of Query or Mutation without an {@link Op} here (or of Subscription without a row in {@link
 * FeedAccessMatrixTest#SUBSCRIPTIONS}) fails {@link #everyOperationOfTheSchemaHasARule}.
 */
class GraphQLAccessMatrixTest {
  /**
   * ANY: any authenticated caller, answering for the caller's own tenants; else the least team-a
   * role.
   */
  enum Need {
    ANY,
    VIEWER,
    DEPLOYER,
    ADMIN
  }

  /**
   * One operation: {@code $T} is the tenant, {@code $A} its app ("alpha" / "bravo-secret"), {@code
   * $N} a fresh name; {@code seen} is what an allowed own-tenant answer must contain (its own data,
   * proof it was answered).
   */
  record Op(String name, Need need, String template, String seen, boolean recreates) {
    Op(String name, Need need, String template, String seen) {
      this(name, need, template, seen, false);
    }

    String query(String tenant) {
      return template
          .replace("$T", tenant)
          .replace("$A", app(tenant))
          .replace("$N", "made-" + CREATED.incrementAndGet())
          .replace("REPO", repo.url())
          .replace("PATH", path(tenant))
          .replace("REV", world.synced);
    }
  }

  static final AtomicInteger CREATED = new AtomicInteger();
  static final String INPUT =
      "input: {repoURL: \"REPO\", path: \"PATH\", cluster: \"dev\", namespace: \"$T-x\"}";

  static final List<Op> OPS =
      List.of(
          new Op("tenants", Need.ANY, "{ tenants { name displayName role appCount } }", "team-a"),
          new Op("clusters", Need.ANY, "{ clusters { name } }", "dev"),
          new Op("appSets", Need.VIEWER, "{ appSets(tenant: \"$T\") { name } }", "appSets"),
          new Op(
              "appSet",
              Need.VIEWER,
              "{ appSet(tenant: \"$T\", name: \"$A\") { name apps { name } } }",
              "appSet"),
          new Op(
              "environments",
              Need.VIEWER,
              "{ environments(tenant: \"$T\", labels: [\"x=y\"]) { app revision } }",
              "environments"),
          new Op(
              "compareEnvironments",
              Need.VIEWER,
              "{ compareEnvironments(tenant: \"$T\", labels: [\"x=y\"], a: \"dev\", b: \"dev\")"
                  + " { same } }",
              "compareEnvironments"),
          new Op(
              "apps",
              Need.VIEWER,
              "{ apps(tenant: \"$T\") { edges { node { name tenant } } } }",
              "alpha"),
          new Op(
              "app",
              Need.VIEWER,
              "{ app(tenant: \"$T\", name: \"$A\") { name tenant owner { name } } }",
              "alpha"),
          new Op(
              "createApp",
              Need.ADMIN,
              "mutation { createApp(tenant: \"$T\", name: \"$N\", " + INPUT + ") { name } }",
              "made-"),
          new Op(
              "updateApp",
              Need.ADMIN,
              "mutation { updateApp(tenant: \"$T\", name: \"$A\", " + INPUT + ") { name } }",
              "alpha"),
          new Op(
              "syncApp",
              Need.DEPLOYER,
              "mutation { syncApp(tenant: \"$T\", name: \"$A\") { name } }",
              "alpha"),
          new Op(
              "refreshApp",
              Need.DEPLOYER,
              "mutation { refreshApp(tenant: \"$T\", name: \"$A\") { name } }",
              "alpha"),
          // Variants of the operations above ("name.detail"): the same field with arguments or
          // fields that need their own rule.
          new Op(
              "app.history",
              Need.VIEWER,
              "{ app(tenant: \"$T\", name: \"$A\") { name history { id phase triggeredBy } } }",
              "alpha"),
          new Op(
              "syncApp.dryRun",
              Need.DEPLOYER,
              "mutation { syncApp(tenant: \"$T\", name: \"$A\", dryRun: true, prune: true) { name"
                  + " dryRun { plan { create } } } }",
              "alpha"),
          new Op(
              "rollbackApp",
              Need.DEPLOYER,
              "mutation { rollbackApp(tenant: \"$T\", name: \"$A\", revision: \"REV\") { name } }",
              "alpha"),
          new Op(
              "resumeAutoSync",
              Need.DEPLOYER,
              "mutation { resumeAutoSync(tenant: \"$T\", name: \"$A\") { name } }",
              "alpha"),
          // Last: the apps it deletes are recreated without a sync to roll back to.
          new Op(
              "deleteApp",
              Need.ADMIN,
              "mutation { deleteApp(tenant: \"$T\", name: \"$A\") }",
              "true",
              true));

  @TempDir static Path work;
  static MatrixGateway world;
  static GatewayHarness gw;
  static TestRepo repo;
  static MatrixCallers callers;

  @BeforeAll
  static void start() throws Exception {
    world = MatrixGateway.start(work);
    gw = world.gw;
    repo = world.repo;
    callers = world.callers;
  }

  @AfterAll
  static void stop() throws Exception {
    if (world != null) {
      world.close();
    }
  }

  static int recreate(String tenant) throws Exception {
    return world.putApp(tenant);
  }

  static String app(String tenant) {
    return MatrixGateway.app(tenant);
  }

  static String path(String tenant) {
    return MatrixGateway.path(tenant);
  }

  /**
   * The root fields of the schema file, as "Query.apps", "Subscription.syncProgress", …, extensions
   * included.
   */
  static TreeSet<String> schemaOperations() throws Exception {
    TypeDefinitionRegistry registry =
        new SchemaParser().parse(Files.readString(Path.of("src/main/resources/schema.graphqls")));
    TreeSet<String> out = new TreeSet<>();
    for (String root : List.of("Query", "Mutation", "Subscription")) {
      registry
          .getType(root, ObjectTypeDefinition.class)
          .ifPresent(t -> t.getFieldDefinitions().forEach(f -> out.add(root + "." + f.getName())));
      registry
          .objectTypeExtensions()
          .getOrDefault(root, List.of())
          .forEach(
              t ->
                  t.getFieldDefinitions().stream()
                      .map(FieldDefinition::getName)
                      .forEach(n -> out.add(root + "." + n)));
    }
    return out;
  }

  @Test
  void everyOperationOfTheSchemaHasARule() throws Exception {
    TreeSet<String> rules = new TreeSet<>();
    OPS.forEach(
        op ->
            rules.add(
                (op.template().startsWith("mutation") ? "Mutation." : "Query.")
                    + op.name().split("\\.")[0]));
    FeedAccessMatrixTest.SUBSCRIPTIONS.keySet().forEach(name -> rules.add("Subscription." + name));
    assertThat(rules)
        .as(
            "operations of schema.graphqls (add an Op here, or a subscription to FeedAccessMatrixTest, for each new one)")
        .isEqualTo(schemaOperations());
  }

  static JsonObject run(Op op, String tenant, String token) throws Exception {
    var r =
        gw.call(
            HttpMethod.POST, "/graphql", token, new JsonObject().put("query", op.query(tenant)));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static Integer errorStatus(JsonObject answer) {
    JsonArray errors = answer.getJsonArray("errors");
    if (errors == null || errors.isEmpty()) {
      return null;
    }
    JsonObject ext = errors.getJsonObject(0).getJsonObject("extensions", new JsonObject());
    return ext.getInteger("status", -1);
  }

  static boolean allowed(Need need, Standing caller) {
    return need == Need.ANY || caller.atLeast(Standing.valueOf(need.name()));
  }

  /**
   * Nothing of the tenant other than {@code home} (the message naming the asked-for tenant aside).
   */
  static void assertNothingOf(String foreign, String foreignApp, JsonObject answer) {
    String text = answer.encode().replace("tenant " + foreign, "tenant");
    assertThat(text)
        .as("answer leaks " + foreign + "'s data")
        .doesNotContain(foreign)
        .doesNotContain(foreignApp);
  }

  @TestFactory
  Stream<DynamicTest> everyOperationForEveryCaller() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Op op : OPS) {
      for (Caller caller : callers.valid()) {
        boolean outsider = caller.standing() == Standing.OUTSIDER;
        tests.add(
            DynamicTest.dynamicTest(
                op.name() + " × " + caller.name() + " × team-a",
                () -> {
                  JsonObject answer = run(op, "team-a", caller.token().get());
                  boolean ok =
                      op.need() == Need.ANY || (!outsider && allowed(op.need(), caller.standing()));
                  assertThat(errorStatus(answer))
                      .as(answer.encode())
                      .isEqualTo(ok ? null : outsider ? 404 : 403);
                  if (outsider) {
                    assertNothingOf("team-a", "alpha", answer);
                  } else if (caller.standing() != Standing.OPERATOR) {
                    assertNothingOf("team-b", "bravo", answer);
                  }
                  if (ok && !outsider) {
                    assertThat(answer.encode()).as("the caller's own data").contains(op.seen());
                  }
                  if (ok && op.recreates()) {
                    recreate("team-a");
                  }
                  if (outsider && op.need() != Need.ANY) {
                    assertSameAsGhost(op, caller, "team-a", answer);
                  }
                }));
        if (op.need() == Need.ANY || outsider) {
          continue; // no tenant argument; the outsider's "other tenant" is team-a, above
        }
        tests.add(
            DynamicTest.dynamicTest(
                op.name() + " × " + caller.name() + " × team-b",
                () -> {
                  JsonObject answer = run(op, "team-b", caller.token().get());
                  if (caller.standing() == Standing.OPERATOR) {
                    assertThat(errorStatus(answer)).as(answer.encode()).isNull();
                    if (op.recreates()) {
                      recreate("team-b");
                    }
                    return;
                  }
                  assertThat(errorStatus(answer)).as(answer.encode()).isEqualTo(404);
                  assertNothingOf("team-b", "bravo", answer);
                  assertSameAsGhost(op, caller, "team-b", answer);
                }));
      }
      callers
          .refused()
          .forEach(
              (name, token) ->
                  tests.add(
                      DynamicTest.dynamicTest(
                          op.name() + " × " + name,
                          () -> {
                            var r =
                                gw.call(
                                    HttpMethod.POST,
                                    "/graphql",
                                    token.get(),
                                    new JsonObject().put("query", op.query("team-a")));
                            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(401);
                            assertThat(r.bodyAsString())
                                .doesNotContain("alpha")
                                .doesNotContain("bravo");
                          })));
    }
    return tests.stream();
  }

  static void assertSameAsGhost(Op op, Caller caller, String tenant, JsonObject answer)
      throws Exception {
    JsonObject ghost = run(op, "ghost", caller.token().get());
    assertThat(answer.encode().replace(tenant, "?").replace(app(tenant), "?"))
        .as("the same answer as for a tenant that does not exist")
        .isEqualTo(ghost.encode().replace("ghost", "?").replace("alpha", "?"));
  }
}
