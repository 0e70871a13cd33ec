package io.gitops.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.CliException;
import io.gitops.cli.Exit;
import io.gitops.cli.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The gateway's REST API over the JDK's HttpClient with a bearer token. Every error becomes a
 * {@link CliException}: problem JSON as one line, a refused connection as {@link Exit#UNREACHABLE}.
 */
public final class Api {
  /** Long enough for a synchronous sync with waves; {@code app wait} is the tool for longer. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

  private final URI server;
  private final String token;
  private final HttpClient http;

  public Api(URI server, String token) {
    this.server = server;
    this.token = token;
    this.http = Http.client();
  }

  public URI server() {
    return server;
  }

  String token() {
    return token;
  }

  HttpClient http() {
    return http;
  }

  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  public JsonNode post(String path, JsonNode body) {
    return send("POST", path, body);
  }

  public JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  /** {@code path} starts at the server's root, e.g. {@code /api/v1/tenants}. */
  public JsonNode send(String method, String path, JsonNode body) {
    return send(method, path, body == null ? null : body.toString(), "application/json");
  }

  /** A POST whose body is YAML as written (e.g. Argo CD Applications to import). */
  public JsonNode postYaml(String path, String yaml) {
    return send("POST", path, yaml, "application/yaml");
  }

  private JsonNode send(String method, String path, String body, String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.resolve(path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json")
            .header("User-Agent", "gitops-cli");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request
          .header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response = Http.send(http, request.build(), server);
    if (response.statusCode() >= 400) {
      throw Problem.of(response.statusCode(), response.body());
    }
    try {
      return response.body().isBlank() ? Json.JSON.nullNode() : Json.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new CliException(Exit.FAILED, "the gateway answered something that is not JSON");
    }
  }

  /** One path segment or query value, encoded. */
  public static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The HttpClient setup and the mapping of transport failures shared by the API and OIDC. */
  static final class Http {
    private Http() {}

    static HttpClient client() {
      return HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(15))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest request, URI where) {
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (HttpConnectTimeoutException | ConnectException e) {
        throw new CliException(Exit.UNREACHABLE, "cannot reach " + origin(where));
      } catch (HttpTimeoutException e) {
        throw new CliException(Exit.TIMEOUT, "no answer from " + origin(where) + " in time");
      } catch (IOException e) {
        throw new CliException(
            Exit.UNREACHABLE, "cannot talk to " + origin(where) + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(Exit.FAILED, "interrupted");
      }
    }

    static String origin(URI uri) {
      return uri.getScheme() + "://" + uri.getAuthority();
    }
  }
}
