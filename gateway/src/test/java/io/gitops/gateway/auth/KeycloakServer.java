package io.gitops.gateway.auth;

import static org.awaitility.Awaitility.await;

import io.gitops.gateway.apiserver.ChildProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Keycloak (the distribution {@code scripts/keycloak.sh} fetches from Maven Central),
 * started in development mode on a free port with an in-memory database and the realm in {@code
 * src/test/resources/keycloak/gitops-realm.json} imported. The distribution is copied first: the
 * cached one is never written to.
 */
final class KeycloakServer implements AutoCloseable {
  static final String REALM = "gitops";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final ChildProcess process;
  private final int port;

  private KeycloakServer(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts Keycloak, or skips the calling test with a message naming what is missing; with {@code
   * KEYCLOAK_REQUIRED=true} (as {@code .ci/run} sets) a missing Keycloak fails instead.
   */
  static KeycloakServer startOrSkip(Path work) throws Exception {
    String home = System.getenv("KEYCLOAK_HOME");
    String java = System.getenv("KEYCLOAK_JAVA_HOME");
    if (home == null || java == null || !Files.isExecutable(Path.of(home, "bin", "kc.sh"))) {
      String why =
          "no Keycloak: set KEYCLOAK_HOME and KEYCLOAK_JAVA_HOME with eval \"$(scripts/keycloak.sh)\"";
      if ("true".equals(System.getenv("KEYCLOAK_REQUIRED"))) {
        throw new IllegalStateException(why + " (KEYCLOAK_REQUIRED=true)");
      }
      System.err.println("SKIPPED: " + why);
      Assumptions.abort(why);
    }
    Path dist = work.resolve("keycloak");
    Process copy = new ProcessBuilder("cp", "-a", home, dist.toString()).inheritIO().start();
    if (copy.waitFor() != 0) {
      throw new IOException("could not copy " + home);
    }
    Path imports = Files.createDirectories(dist.resolve("data/import"));
    try (InputStream realm =
        KeycloakServer.class.getResourceAsStream("/keycloak/gitops-realm.json")) {
      Files.copy(realm, imports.resolve("gitops-realm.json"));
    }
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                dist.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-port=" + port,
                "--db=dev-mem",
                "--import-realm"));
    builder.environment().put("JAVA_HOME", java);
    KeycloakServer server =
        new KeycloakServer(
            ChildProcess.start("keycloak", builder, work.resolve("keycloak.log")), port);
    // Development mode builds its Quarkus application at first start: ~40 s on 2 shared cores.
    await("Keycloak serving the realm")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(java.net.ConnectException.class)
        .until(
            () -> {
              server.process.requireAlive();
              return get(server.issuer() + "/.well-known/openid-configuration").statusCode() == 200;
            });
    return server;
  }

  String issuer() {
    return "http://localhost:" + port + "/realms/" + REALM;
  }

  /** An access token by the password grant (enabled on the realm's clients for this test). */
  String token(String client, String user) throws Exception {
    Map<String, String> form =
        Map.of("grant_type", "password", "client_id", client, "username", user, "password", user);
    String body =
        form.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(
          "Keycloak refused a token for " + user + ": " + answer.body());
    }
    return new io.vertx.core.json.JsonObject(answer.body()).getString("access_token");
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
