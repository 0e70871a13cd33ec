package io.gitops.gateway.api.rest;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves src/main/resources/openapi.yaml at /api/v1/openapi.yaml, without a token. The same
 * document is the contract every /api/v1 request is checked against first ({@link
 * RequestValidation}); the hand-written readers behind it ({@link AppBody}, {@link AppQuery},
 * AppJson) check what a schema cannot, with the same field names. OpenApiDocumentTest keeps routes
 * and document in step.
 */
public final class OpenApiDocument {
  private OpenApiDocument() {}

  public static void mount(Router root) {
    Buffer doc = load();
    root.get("/api/v1/openapi.yaml")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "application/yaml; charset=utf-8")
                    .end(doc));
  }

  static Buffer load() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
