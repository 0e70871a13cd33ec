package io.gitops.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitops.gateway.tenancy.Access;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes exactly the routes the API mounts, with the methods it mounts. */
class OpenApiDocumentTest {
  @Test
  void everyMountedRouteAndMethodIsInTheDocumentAndNothingElse() throws Exception {
    JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(OpenApiDocument.load().getBytes());
    assertThat(doc.get("openapi").asText()).startsWith("3.");

    Vertx vertx = Vertx.vertx();
    try {
      Router api = Router.router(vertx);
      new AppRoutes(new Access(Map.of(), "ops"), null).mount(api);
      Set<String> mounted = new TreeSet<>();
      for (Route r : api.getRoutes()) {
        String path = r.getPath().replaceAll(":([a-z]+)", "{$1}");
        r.methods().forEach(m -> mounted.add(m.name().toLowerCase() + " " + path));
      }
      mounted.add("get /stream/apps");
      mounted.add("get /openapi.yaml");

      Set<String> documented = new TreeSet<>();
      doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
        if (!m.equals("parameters")) {
          documented.add(m + " " + p.getKey());
        }
      }));
      assertThat(documented).isEqualTo(mounted);
    } finally {
      vertx.close();
    }
  }

  @Test
  void theSpecSchemaRefusesUnknownFieldsAsTheServerDoes() throws Exception {
    JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(OpenApiDocument.load().getBytes())
        .at("/components/schemas/Spec");
    assertThat(spec.get("additionalProperties").asBoolean()).isFalse();
    Set<String> fields = new TreeSet<>();
    spec.get("properties").fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("destination", "ignoreDifferences", "source", "syncPolicy");
    Set<String> source = new TreeSet<>();
    spec.at("/properties/source/properties").fieldNames().forEachRemaining(source::add);
    assertThat(source).containsExactly("path", "repoURL", "targetRevision");
  }
}
