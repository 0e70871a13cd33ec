package io.gitops.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.CliException;
import io.gitops.cli.Exit;
import io.gitops.cli.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Getting an access token from an OIDC issuer: discovery, then the device authorization grant (RFC
 * 8628) when the issuer offers it, or the resource owner password grant (for the demo's development
 * issuer and issuers that allow it for a CLI client).
 */
public final class Oidc {
  private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

  private final URI issuer;
  private final String clientId;
  private final HttpClient http = Api.Http.client();
  private final JsonNode discovery;

  public Oidc(URI issuer, String clientId) {
    this.issuer = issuer;
    this.clientId = clientId;
    this.discovery = discover();
  }

  public boolean offersDeviceFlow() {
    return Json.textOrNull(discovery, "device_authorization_endpoint") != null;
  }

  public String passwordGrant(String username, String password) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("client_id", clientId);
    form.put("scope", "openid");
    form.put("username", username);
    form.put("password", password);
    HttpResponse<String> response = post(tokenEndpoint(), form);
    if (response.statusCode() != 200) {
      throw tokenRefused(response);
    }
    return accessToken(response);
  }

  /**
   * The device flow: asks for a code, tells the user where to enter it (on {@code prompt}, stderr),
   * and polls the token endpoint at the pace the issuer sets until the user approves, denies, or
   * the code expires.
   */
  public String deviceFlow(PrintStream prompt) {
    URI deviceEndpoint = URI.create(Json.text(discovery, "device_authorization_endpoint"));
    HttpResponse<String> start =
        post(deviceEndpoint, Map.of("client_id", clientId, "scope", "openid"));
    if (start.statusCode() != 200) {
      throw tokenRefused(start);
    }
    JsonNode code = read(start.body());
    String verification =
        Json.textOrNull(code, "verification_uri_complete") != null
            ? Json.text(code, "verification_uri_complete")
            : Json.text(code, "verification_uri");
    prompt.println(
        "Open " + verification + " and enter the code " + Json.text(code, "user_code") + ".");
    Duration interval = Duration.ofSeconds(Math.max(1, code.path("interval").asLong(5)));
    Instant expires = Instant.now().plusSeconds(code.path("expires_in").asLong(600));
    while (Instant.now().isBefore(expires)) {
      pause(interval);
      HttpResponse<String> poll =
          post(
              tokenEndpoint(),
              Map.of(
                  "grant_type",
                  DEVICE_GRANT,
                  "device_code",
                  Json.text(code, "device_code"),
                  "client_id",
                  clientId));
      if (poll.statusCode() == 200) {
        return accessToken(poll);
      }
      String error = Json.text(read(poll.body()), "error");
      switch (error) {
        case "authorization_pending" -> {}
        case "slow_down" -> interval = interval.plusSeconds(5);
        default -> throw tokenRefused(poll);
      }
    }
    throw new CliException(Exit.TIMEOUT, "the device code expired before it was approved");
  }

  private JsonNode discover() {
    URI uri = URI.create(stripSlash(issuer.toString()) + "/.well-known/openid-configuration");
    HttpResponse<String> response =
        Api.Http.send(http, HttpRequest.newBuilder(uri).GET().build(), uri);
    if (response.statusCode() != 200) {
      throw new CliException(
          Exit.AUTH,
          "no OIDC discovery document at " + uri + " (HTTP " + response.statusCode() + ")");
    }
    return read(response.body());
  }

  private URI tokenEndpoint() {
    String endpoint = Json.textOrNull(discovery, "token_endpoint");
    if (endpoint == null) {
      throw new CliException(Exit.AUTH, "issuer " + issuer + " names no token_endpoint");
    }
    return URI.create(endpoint);
  }

  private HttpResponse<String> post(URI endpoint, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return Api.Http.send(http, request, endpoint);
  }

  private static String accessToken(HttpResponse<String> response) {
    String token = Json.textOrNull(read(response.body()), "access_token");
    if (token == null) {
      throw new CliException(Exit.AUTH, "the issuer answered without an access_token");
    }
    return token;
  }

  /**
   * The issuer's {@code error} and {@code error_description}, never the request (it has secrets).
   */
  private static CliException tokenRefused(HttpResponse<String> response) {
    JsonNode error = read(response.body());
    String what = Json.text(error, "error");
    String description = Json.text(error, "error_description");
    return new CliException(
        Exit.AUTH,
        Problem.oneLine(
            "the issuer refused: "
                + (what.isEmpty() ? "HTTP " + response.statusCode() : what)
                + (description.isEmpty() ? "" : " (" + description + ")")));
  }

  private static JsonNode read(String body) {
    try {
      return Json.JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      return Json.JSON.createObjectNode();
    }
  }

  private static void pause(Duration interval) {
    try {
      Thread.sleep(interval.toMillis()); // the pace RFC 8628 asks a client to poll at
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(Exit.FAILED, "interrupted");
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
