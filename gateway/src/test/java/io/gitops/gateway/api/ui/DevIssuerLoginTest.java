package io.gitops.gateway.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.auth.TokenVerifier;
import io.gitops.gateway.demo.DevIssuer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The development issuer's browser login (authorization code + PKCE) that the web UI uses: a good
 * exchange gives a token the gateway accepts; every part of the exchange that a hostile page could
 * change is refused, and a refused code cannot be used afterwards either.
 */
class DevIssuerLoginTest {
  private static final String VERIFIER = "v".repeat(20) + "-._~" + "0123456789abcdefghij";
  private static final String REDIRECT = "http://localhost:8080/ui/";
  private static Vertx vertx;
  private static DevIssuer issuer;
  private static final HttpClient HTTP = HttpClient.newHttpClient(); // never follows redirects

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    issuer = DevIssuer.start(vertx, 0).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void aCodeWithItsVerifierBecomesATokenTheGatewayAcceptsOnce() throws Exception {
    String code = login("alice", "alice", challenge(VERIFIER), "st&te=1");
    HttpResponse<String> token = exchange(code, VERIFIER, REDIRECT, DevIssuer.AUDIENCE);
    assertThat(token.statusCode()).isEqualTo(200);
    assertThat(token.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    String accessToken = new JsonObject(token.body()).getString("access_token");
    TokenVerifier verifier =
        TokenVerifier.discover(vertx, issuer.issuer(), DevIssuer.AUDIENCE)
            .await(30, TimeUnit.SECONDS);
    assertThat(verifier.verify(accessToken).await(10, TimeUnit.SECONDS).subject())
        .isEqualTo("alice");

    HttpResponse<String> again = exchange(code, VERIFIER, REDIRECT, DevIssuer.AUDIENCE);
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("invalid_grant");
  }

  @Test
  void aWrongVerifierRedirectOrClientIsRefusedAndBurnsTheCode() throws Exception {
    for (String[] wrong :
        new String[][] {
          {"w".repeat(43), REDIRECT, DevIssuer.AUDIENCE},
          {VERIFIER, "http://evil.example/ui/", DevIssuer.AUDIENCE},
          {VERIFIER, REDIRECT, "another-client"},
        }) {
      String code = login("bob", "bob", challenge(VERIFIER), "s");
      HttpResponse<String> refused = exchange(code, wrong[0], wrong[1], wrong[2]);
      assertThat(refused.statusCode()).as(String.join(" ", wrong)).isEqualTo(400);
      assertThat(refused.body()).doesNotContain("access_token");
      // the right values do not revive it
      assertThat(exchange(code, VERIFIER, REDIRECT, DevIssuer.AUDIENCE).statusCode())
          .isEqualTo(400);
    }
  }

  @Test
  void aWrongPasswordShowsTheFormAgainWithoutACode() throws Exception {
    HttpResponse<String> page =
        post("/authorize", authorizeForm("alice", "bob", challenge(VERIFIER), "s"));
    assertThat(page.statusCode()).isEqualTo(401);
    assertThat(page.headers().firstValue("Location")).isEmpty();
    assertThat(page.body()).contains("wrong password").contains("id=\"username\"");
  }

  @Test
  void authorizeRequestsWithoutPkceOrWithHostileValuesAreRefusedOrEscaped() throws Exception {
    assertThat(
            get("/authorize?response_type=code&client_id=c&redirect_uri=" + enc(REDIRECT))
                .statusCode())
        .isEqualTo(400); // no code_challenge
    assertThat(
            get("/authorize?response_type=code&client_id=c&redirect_uri=javascript:alert(1)&code_challenge="
                    + challenge(VERIFIER))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            get("/authorize?response_type=code&client_id=c&redirect_uri="
                    + enc(REDIRECT)
                    + "&code_challenge_method=plain&code_challenge="
                    + challenge(VERIFIER))
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> form =
        get(
            "/authorize?response_type=code&client_id=c&redirect_uri="
                + enc(REDIRECT)
                + "&code_challenge="
                + challenge(VERIFIER)
                + "&state="
                + enc("\"><script>alert(1)</script>"));
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).doesNotContain("<script>").contains("&quot;&gt;&lt;script&gt;");
  }

  @Test
  void thePasswordGrantStillWorks() throws Exception {
    HttpResponse<String> token = post("/token", Map.of("username", "dave", "password", "dave"));
    assertThat(token.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(token.body()).getString("access_token")).isNotBlank();
  }

  // --- helpers

  private static String login(String user, String password, String challenge, String state)
      throws Exception {
    HttpResponse<String> r = post("/authorize", authorizeForm(user, password, challenge, state));
    assertThat(r.statusCode()).isEqualTo(302);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(REDIRECT + "?code=").endsWith("&state=" + enc(state));
    return location.substring((REDIRECT + "?code=").length(), location.indexOf("&state="));
  }

  private static Map<String, String> authorizeForm(
      String user, String password, String challenge, String state) {
    return Map.of(
        "response_type", "code",
        "client_id", DevIssuer.AUDIENCE,
        "redirect_uri", REDIRECT,
        "code_challenge", challenge,
        "state", state,
        "username", user,
        "password", password);
  }

  private static HttpResponse<String> exchange(
      String code, String verifier, String redirect, String client) throws Exception {
    return post(
        "/token",
        Map.of(
            "grant_type", "authorization_code",
            "code", code,
            "code_verifier", verifier,
            "redirect_uri", redirect,
            "client_id", client));
  }

  private static HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(issuer.issuer() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(issuer.issuer() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String challenge(String verifier) throws Exception {
    byte[] hash =
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
