package io.gitops.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A NUL (PostgreSQL's jsonb and text refuse it, SQLSTATE 22P05) or another control character
 * anywhere a client writes — body values and keys at any depth, path and query parameters, GraphQL
 * arguments, tenant definitions — is a 400 naming the field, never a 500, and nothing is stored.
 * Found by Schemathesis (scripts/fuzz-api.sh).
 */
class ControlCharactersTest {
  static final String TENANT =
      """
      name: team-a
      roles: {team-a-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: "*", namespace: "team-a-*"}]
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static String admin;
  static String operator;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("team-a", TENANT), List.of("dev"));
    admin = gw.token("ann", "team-a-admins");
    operator = gw.token("olga", "gitops-operators");
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  static JsonObject app() {
    return AppSpecs.of(
        "https://git.example.com/team-a/apps.git", "team-a/guestbook", "dev", "team-a-web");
  }

  static JsonObject source(JsonObject spec) {
    return spec.getJsonObject("source");
  }

  static Stream<Arguments> appBodies() {
    JsonObject path = app();
    source(path).put("path", "team-a/gu\u0000estbook");
    JsonObject revision = app();
    source(revision).put("targetRevision", "main\u0000");
    JsonObject valuesKey = app();
    source(valuesKey)
        .put(
            "helm",
            new JsonObject()
                .put(
                    "values",
                    new JsonObject().put("image", new JsonObject().put("t\u0000ag", "1"))));
    JsonObject labelValue = app();
    labelValue.put("labels", new JsonObject().put("team", "web\u0001"));
    // as JSON text: Jackson on the client side would not write a lone surrogate
    String surrogate = app().encode().replace("team-a/guestbook", "team-a/\\ud800");
    JsonObject delete = app();
    delete.getJsonObject("destination").put("namespace", "team-a-\u007f");
    return Stream.of(
        Arguments.of("NUL in source.path", path.encode(), "source.path", "NUL"),
        Arguments.of("NUL in targetRevision", revision.encode(), "source.targetRevision", "NUL"),
        Arguments.of(
            "NUL in a Helm values key",
            valuesKey.encode(),
            "source.helm.values.image.t\\u0000ag",
            "NUL"),
        Arguments.of("U+0001 in a label", labelValue.encode(), "labels.team", "U+0001"),
        Arguments.of("a lone surrogate", surrogate, "source.path", "surrogate"),
        Arguments.of("DEL in a namespace", delete.encode(), "destination.namespace", "U+007F"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("appBodies")
  void anAppBodyWithAControlCharacterIsRefusedNamingTheFieldAndNothingIsStored(
      String what, String body, String field, String detail) throws Exception {
    var answer =
        gw.http
            .request(
                HttpMethod.PUT,
                gw.gateway.port(),
                "localhost",
                "/api/v1/tenants/team-a/apps/guestbook-dev")
            .bearerTokenAuthentication(admin)
            .putHeader("content-type", "application/json")
            .sendBuffer(Buffer.buffer(body))
            .await(30, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(400);
    assertThat(answer.bodyAsJsonObject().getString("field")).isEqualTo(field);
    assertThat(answer.bodyAsJsonObject().getString("detail")).contains(detail);
    assertThat(
            gw.call(HttpMethod.GET, "/api/v1/tenants/team-a/apps/guestbook-dev", admin, null)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void tabsAndNewlinesInValuesStayAllowed() throws Exception {
    JsonObject body = app();
    source(body).put("helm", new JsonObject().put("values", "image:\r\n  tag: \"1\t2\"\n"));
    var answer = gw.call(HttpMethod.PUT, "/api/v1/tenants/team-a/apps/tabs", admin, body);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isIn(200, 201);
    assertThat(
            gw.call(HttpMethod.DELETE, "/api/v1/tenants/team-a/apps/tabs", admin, null)
                .statusCode())
        .isEqualTo(204);
  }

  static HttpResponse<Buffer> raw(HttpMethod method, String uri, String token) throws Exception {
    return gw.http
        .request(method, gw.gateway.port(), "localhost", uri)
        .bearerTokenAuthentication(token)
        .send()
        .await(30, TimeUnit.SECONDS);
  }

  @Test
  void pathAndQueryParametersAreCheckedToo() throws Exception {
    var token = raw(HttpMethod.DELETE, "/api/v1/tenants/team-a/tokens/ab%00cd", admin);
    assertThat(token.statusCode()).as(token.bodyAsString()).isEqualTo(400);
    assertThat(token.bodyAsJsonObject().getString("field")).isEqualTo("id");
    var audit = raw(HttpMethod.GET, "/api/v1/audit?tenant=team-a%00", operator);
    assertThat(audit.statusCode()).as(audit.bodyAsString()).isEqualTo(400);
    assertThat(audit.bodyAsJsonObject().getString("field")).isEqualTo("tenant");
  }

  @Test
  void aTenantDefinitionFromTheAdminApiIsCheckedAndNotStored() throws Exception {
    var answer =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/tenants/team-z",
            operator,
            new JsonObject()
                .put("displayName", "Team\u0000Z")
                .put("roles", new JsonObject().put("z-admins", "admin")));
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(400);
    assertThat(answer.bodyAsJsonObject().getString("field")).isEqualTo("displayName");
    assertThat(gw.call(HttpMethod.GET, "/api/v1/admin/tenants/team-z", operator, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void graphQLArgumentsAreCheckedWhetherVariablesOrLiterals() throws Exception {
    String mutation =
        "mutation($in: AppInput!) { createApp(tenant: \"team-a\", name: \"gql\", input: $in) { name } }";
    JsonObject input =
        new JsonObject()
            .put("repoURL", "https://git.example.com/team-a/apps.git")
            .put("path", "team-a/gu\u0000estbook")
            .put("cluster", "dev")
            .put("namespace", "team-a-web");
    JsonObject viaVariables =
        graphql(
            new JsonObject()
                .put("query", mutation)
                .put("variables", new JsonObject().put("in", input)));
    JsonObject error = viaVariables.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getInteger("status"))
        .as(viaVariables.encode())
        .isEqualTo(400);
    assertThat(error.getJsonObject("extensions").getString("field")).isEqualTo("input.path");

    String literal =
        "mutation { createApp(tenant: \"team-a\", name: \"gql\", input: {repoURL: \"https://git.example.com/a.git\","
            + " cluster: \"dev\", namespace: \"team-a-web\", helm: {values: \"a: \\u0000\"}}) { name } }";
    JsonObject viaLiteral = graphql(new JsonObject().put("query", literal));
    assertThat(
            viaLiteral
                .getJsonArray("errors")
                .getJsonObject(0)
                .getJsonObject("extensions")
                .getString("field"))
        .as(viaLiteral.encode())
        .isEqualTo("input.helm.values");
    assertThat(gw.call(HttpMethod.GET, "/api/v1/tenants/team-a/apps/gql", admin, null).statusCode())
        .isEqualTo(404);
  }

  static JsonObject graphql(JsonObject request) throws Exception {
    var answer = gw.call(HttpMethod.POST, "/graphql", admin, request);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isLessThan(500);
    return answer.bodyAsJsonObject();
  }
}
