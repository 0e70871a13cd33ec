package io.gitops.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.store.TokenStore;
import io.gitops.gateway.support.GatewayHarness;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only people mint API tokens: an admin API token asking for another gets 403 and nothing is made,
 * so revoking a token leaves no child behind; a child made before this rule is refused.
 */
class TokenMintingTest {
  @TempDir static Path work;
  static GatewayHarness gw;
  static String person;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("team-a", TokenHardeningTest.TENANT), List.of());
    person = gw.token("ann", "team-a-admins");
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  static JsonObject mint(String bearer, String name, int expect) throws Exception {
    var answer =
        gw.call(
            HttpMethod.POST,
            "/api/v1/tenants/team-a/tokens",
            bearer,
            new JsonObject().put("name", name).put("role", "admin").put("expiresInDays", 30));
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(expect);
    return answer.bodyAsJsonObject();
  }

  static List<String> names() throws Exception {
    var listed =
        gw.call(HttpMethod.GET, "/api/v1/tenants/team-a/tokens", person, null).bodyAsJsonObject();
    return listed.getJsonArray("items").stream()
        .map(t -> ((JsonObject) t).getString("name"))
        .toList();
  }

  @Test
  void anAdminApiTokenCannotMintTokensAndItsRevocationLeavesNothingBehind() throws Exception {
    JsonObject parent = mint(person, "ci-admin", 201);
    String secret = parent.getString("token");
    assertThat(gw.call(HttpMethod.GET, "/api/v1/tenants/team-a/tokens", secret, null).statusCode())
        .as("the token is an admin otherwise")
        .isEqualTo(200);

    JsonObject refused = mint(secret, "child", 403);
    assertThat(refused.getString("detail")).contains("an API token cannot create API tokens");
    assertThat(names()).contains("ci-admin").doesNotContain("child");

    assertThat(
            gw.call(
                    HttpMethod.DELETE,
                    "/api/v1/tenants/team-a/tokens/" + parent.getString("id"),
                    person,
                    null)
                .statusCode())
        .isEqualTo(204);
    assertThat(gw.call(HttpMethod.GET, "/api/v1/tenants/team-a/apps", secret, null).statusCode())
        .isEqualTo(401);
  }

  /**
   * Tokens an API token made before the rule would outlive their parent's revocation: they no
   * longer work.
   */
  @Test
  void aChildMadeByAnApiTokenEarlierIsRefused() throws Exception {
    ApiTokens tokens = new ApiTokens(new TokenStore(gw.gateway.pool()));
    var child =
        tokens
            .create(
                new TenantId("team-a"),
                "legacy-child",
                "admin",
                Instant.now().plus(Duration.ofDays(1)),
                ApiTokens.SUBJECT_PREFIX + "ci-admin")
            .await(10, TimeUnit.SECONDS);
    var answer = gw.call(HttpMethod.GET, "/api/v1/tenants/team-a/apps", child.secret(), null);
    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.bodyAsJsonObject().getString("detail")).contains("made by another API token");
  }
}
