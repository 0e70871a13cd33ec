package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.sim.SimulatedCluster;
import io.gitops.gateway.support.GatewayHarness;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clusters carry labels from the configuration file; an operator replaces them through the admin
 * API, listings show them, they survive a restart, and bad labels are refused with nothing changed.
 */
class ClusterLabelsTest {
  static final String TENANT =
      """
      name: fleet
      roles: {fleet-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: "*", namespace: fleet}]
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static SimulatedCluster eu;

  @BeforeAll
  static void start() throws Exception {
    eu = SimulatedCluster.start("prod-eu");
    gw =
        GatewayHarness.start(
            work,
            Map.of("fleet", TENANT),
            List.of("dev"),
            List.<Map<String, Object>>of(
                Map.of(
                    "name",
                    "prod-eu",
                    "server",
                    eu.url(),
                    "token",
                    "test",
                    "labels",
                    Map.of("env", "prod", "region", "eu"))),
            null,
            Map.of("credentials", Map.of("key", Base64.getEncoder().encodeToString(new byte[32]))));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    eu.close();
  }

  @Test
  void labelsComeFromTheConfigurationAndTheAdminApiAndShowInListings() throws Exception {
    String operator = gw.token("olga", "gitops-operators");
    assertThat(labelsOf(listing(operator), "prod-eu"))
        .isEqualTo(new JsonObject().put("env", "prod").put("region", "eu"));
    assertThat(labelsOf(listing(operator), "dev")).isEqualTo(new JsonObject());

    var put =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/dev/labels",
            operator,
            new JsonObject().put("labels", new JsonObject().put("env", "dev").put("tier", "2")));
    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(200);
    assertThat(labelsOf(listing(operator), "dev"))
        .isEqualTo(new JsonObject().put("env", "dev").put("tier", "2"));
    var get = gw.call(HttpMethod.GET, "/api/v1/admin/clusters/dev/labels", operator, null);
    assertThat(get.bodyAsJsonObject().getJsonObject("labels").getString("env")).isEqualTo("dev");

    gw = gw.restart(work);
    operator = gw.token("olga", "gitops-operators");
    assertThat(labelsOf(listing(operator), "dev"))
        .as("kept across a restart")
        .isEqualTo(new JsonObject().put("env", "dev").put("tier", "2"));
    assertThat(labelsOf(listing(operator), "prod-eu").getString("region")).isEqualTo("eu");
  }

  @Test
  void badLabelsAreRefusedNamingTheKeyAndNothingChanges() throws Exception {
    String operator = gw.token("olga", "gitops-operators");
    JsonObject before = labelsOf(listing(operator), "prod-eu");
    var badKey =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/prod-eu/labels",
            operator,
            new JsonObject().put("labels", new JsonObject().put("bad key!", "x")));
    assertThat(badKey.statusCode()).isEqualTo(400);
    assertThat(badKey.bodyAsString()).contains("bad key!");
    var badValue =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/prod-eu/labels",
            operator,
            new JsonObject().put("labels", new JsonObject().put("env", "{{evil}}")));
    assertThat(badValue.statusCode()).isEqualTo(400);
    assertThat(badValue.bodyAsJsonObject().getString("field")).isEqualTo("labels.env");
    var unknown =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/nowhere/labels",
            operator,
            new JsonObject().put("labels", new JsonObject().put("env", "dev")));
    assertThat(unknown.statusCode()).isEqualTo(404);
    String admin = gw.token("fay", "fleet-admins");
    var notOperator =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/prod-eu/labels",
            admin,
            new JsonObject().put("labels", new JsonObject().put("env", "dev")));
    assertThat(notOperator.statusCode()).isEqualTo(403);
    assertThat(labelsOf(listing(operator), "prod-eu")).isEqualTo(before);
  }

  private static JsonArray listing(String operator) throws Exception {
    var r = gw.call(HttpMethod.GET, "/api/v1/admin/clusters", operator, null);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("items");
  }

  private static JsonObject labelsOf(JsonArray items, String cluster) {
    for (Object o : items) {
      JsonObject c = (JsonObject) o;
      if (cluster.equals(c.getString("name"))) {
        return c.getJsonObject("labels");
      }
    }
    throw new AssertionError("no cluster " + cluster + " in " + items.encode());
  }
}
