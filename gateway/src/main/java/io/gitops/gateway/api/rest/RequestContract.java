package io.gitops.gateway.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The served document ({@link OpenApiDocument}) as vertx-openapi's contract, for checking requests.
 * Only what a request is checked against is kept as written: responses are cut to a bare default
 * (the library refuses response media types it cannot validate, such as text/event-stream and
 * application/yaml, and responses are not checked), and an operation without an operationId gets
 * one made of its method and path, since the validator looks operations up by id. The relative
 * server URL becomes an absolute one with the same path.
 */
final class RequestContract {
  private RequestContract() {}

  /** Parses the document on a worker thread, then builds the contract. */
  static Future<OpenAPIContract> load(Vertx vertx) {
    return vertx
        .executeBlocking(() -> forRequests(parse(OpenApiDocument.load().getBytes())))
        .compose(json -> OpenAPIContract.from(vertx, json));
  }

  static JsonObject parse(byte[] yaml) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
      return new JsonObject(map);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject forRequests(JsonObject doc) {
    JsonObject out = doc.copy();
    // The library wants an absolute server URL and takes its path as the base path (/api/v1).
    io.vertx.core.json.JsonArray servers = new io.vertx.core.json.JsonArray();
    for (Object server : out.getJsonArray("servers")) {
      JsonObject s = ((JsonObject) server).copy();
      servers.add(s.put("url", "http://gateway" + s.getString("url")));
    }
    out.put("servers", servers);
    JsonObject paths = out.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (method.equals("parameters")) {
          continue;
        }
        JsonObject operation = item.getJsonObject(method);
        if (!operation.containsKey("operationId")) {
          operation.put("operationId", method + " " + path);
        }
        operation.put(
            "responses",
            new JsonObject()
                .put("default", new JsonObject().put("description", "see the served document")));
      }
    }
    return out;
  }
}
