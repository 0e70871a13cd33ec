package io.gitops.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestIssuer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bearer tokens a gateway must refuse with 401 (never 500), each for its reason; and key rotation.
 */
class TokenHardeningTest {
  static final String TENANT =
      """
      name: team-a
      roles: {team-a-admins: admin}
      destinations: [{cluster: "*", namespace: "team-a-*"}]
      """;

  @TempDir static Path work;
  static Vertx issuerVertx;
  static TestIssuer issuer;
  static GatewayHarness gw;

  @BeforeAll
  static void start() throws Exception {
    issuerVertx = Vertx.vertx();
    issuer = TestIssuer.start(issuerVertx);
    gw = GatewayHarness.start(work, Map.of("team-a", TENANT), List.of(), issuer.url());
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (issuer != null) {
      issuer.close();
    }
    issuerVertx.close().await(10, TimeUnit.SECONDS);
  }

  static JsonObject refused(String token) throws Exception {
    var response = gw.call(HttpMethod.GET, "/api/v1/tenants/team-a/apps", token, null);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(401);
    assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
    return response.bodyAsJsonObject();
  }

  static JsonObject claims() {
    return issuer.claims("ann", "team-a-admins");
  }

  @Test
  void aValidTokenIsAccepted() throws Exception {
    assertThat(
            gw.call(
                    HttpMethod.GET,
                    "/api/v1/tenants/team-a/apps",
                    issuer.token("ann", "team-a-admins"),
                    null)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void algNoneIsRefused() throws Exception {
    assertThat(refused(issuer.algNone(claims())).getString("detail")).contains("algorithm 'none'");
  }

  @Test
  void hmacSignedWithThePublicKeyIsRefused() throws Exception {
    assertThat(refused(issuer.hmacWithPublicKey(claims())).getString("detail"))
        .contains("algorithm 'HS256'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc",
        "a.b.c",
        "...",
        "e30.e30.",
        "bm90IGpzb24.e30.c2ln",
        "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln",
        "eyJhbGciOiJSUzI1NiJ9.W10.c2ln",
        "eyJhbGciOjF9.e30.c2ln",
        "%%%.%%%.%%%"
      })
  void aMalformedTokenIs401NeverA500(String token) throws Exception {
    refused(token);
  }

  @Test
  void aTamperedSignatureIsRefused() throws Exception {
    assertThat(refused(TestIssuer.tamper(issuer.token("ann", "team-a-admins"))).getString("detail"))
        .contains("signature");
  }

  @Test
  void wrongAudienceWrongIssuerExpiredAndMissingExpAreRefusedEachWithItsReason() throws Exception {
    assertThat(refused(issuer.sign(claims().put("aud", "someone-else"))).getString("detail"))
        .contains("audience");
    assertThat(
            refused(issuer.sign(claims().put("aud", new io.vertx.core.json.JsonArray().add("x"))))
                .getString("detail"))
        .contains("audience");
    assertThat(
            refused(issuer.sign(claims().put("iss", "https://evil.example.com")))
                .getString("detail"))
        .contains("issuer");
    assertThat(
            refused(issuer.sign(claims().put("exp", System.currentTimeMillis() / 1000 - 3600)))
                .getString("detail"))
        .contains("expired");
    JsonObject noExp = claims();
    noExp.remove("exp");
    assertThat(refused(issuer.sign(noExp)).getString("detail")).contains("no exp");
    assertThat(refused(issuer.sign(claims().put("exp", "tomorrow"))).getString("detail"))
        .contains("no exp");
  }

  @Test
  void anUnknownKidMakesTheGatewayRefreshTheJwksAndAcceptARotatedKey() throws Exception {
    issuer.rotate();
    String rotated = issuer.token("ann", "team-a-admins");
    var response = gw.call(HttpMethod.GET, "/api/v1/tenants/team-a/apps", rotated, null);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  @Test
  void failuresAreCountedByReason() throws Exception {
    refused(issuer.algNone(claims()));
    refused(null);
    refused(issuer.sign(claims().put("aud", "x")));
    String text = gw.call(HttpMethod.GET, "/metrics", null, null).bodyAsString();
    assertThat(text)
        .contains("gitops_auth_failures_total{reason=\"algorithm\"}")
        .contains("gitops_auth_failures_total{reason=\"missing\"}")
        .contains("gitops_auth_failures_total{reason=\"audience\"}");
  }
}
