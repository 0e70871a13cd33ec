package io.gitops.gateway.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitops.gateway.api.AccessMatrixTest;
import io.gitops.gateway.support.GatewayHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document describes exactly the /api/v1 routes the gateway's router mounts, with the
 * methods it mounts: a route added without documentation, or documentation of a route that does not
 * exist, fails here. The router is the real one, from a gateway started on real parts with every
 * optional part on (repository credentials need a key; cluster admin needs the database).
 */
class OpenApiDocumentTest {
  private static final String PREFIX = "/api/v1";

  @Test
  void everyMountedApiRouteAndMethodIsInTheDocumentAndNothingElse(@TempDir Path work)
      throws Exception {
    JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(OpenApiDocument.load().getBytes());
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    assertThat(doc.at("/servers/0/url").asText()).isEqualTo(PREFIX);

    GatewayHarness gw =
        GatewayHarness.start(
            work,
            Map.of(),
            List.of(),
            List.of(),
            null,
            Map.of("credentials", Map.of("key", AccessMatrixTest.CREDENTIALS_KEY)));
    Set<String> mounted = new TreeSet<>();
    try {
      TreeSet<String> routes = new TreeSet<>();
      AccessMatrixTest.collect(gw.gateway.router(), "", routes);
      for (String route : routes) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1);
        if (path.startsWith(PREFIX + "/") && !method.equals("*")) {
          mounted.add(
              method.toLowerCase()
                  + " "
                  + path.substring(PREFIX.length()).replaceAll(":([A-Za-z]+)", "{$1}"));
        }
      }
    } finally {
      gw.close();
    }

    Set<String> documented = new TreeSet<>();
    doc.get("paths")
        .fields()
        .forEachRemaining(
            p ->
                p.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        m -> {
                          if (!m.equals("parameters")) {
                            documented.add(m + " " + p.getKey());
                          }
                        }));
    assertThat(mounted)
        .as("the router mounts /api/v1 routes (sanity)")
        .contains("get /tenants", "post /webhooks/git");
    assertThat(documented).as("documented routes = mounted /api/v1 routes").isEqualTo(mounted);
  }

  @Test
  void theSpecSchemaRefusesUnknownFieldsAsTheServerDoes() throws Exception {
    JsonNode spec =
        new ObjectMapper(new YAMLFactory())
            .readTree(OpenApiDocument.load().getBytes())
            .at("/components/schemas/Spec");
    assertThat(spec.get("additionalProperties").asBoolean()).isFalse();
    Set<String> fields = new TreeSet<>();
    spec.get("properties").fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly("destination", "ignoreDifferences", "source", "sources", "syncPolicy");
    Set<String> source = new TreeSet<>();
    JsonNode schemas =
        new ObjectMapper(new YAMLFactory())
            .readTree(OpenApiDocument.load().getBytes())
            .at("/components/schemas");
    assertThat(spec.at("/properties/source/$ref").asText())
        .isEqualTo("#/components/schemas/Source");
    schemas.at("/Source/properties").fieldNames().forEachRemaining(source::add);
    assertThat(source)
        .containsExactly(
            "chart", "directory", "helm", "path", "ref", "repoURL", "sourceType", "targetRevision");
  }
}
