package io.gitops.gateway.e2e;

import static io.gitops.gateway.support.SyncFixtures.SHOP_TENANT;
import static io.gitops.gateway.support.SyncFixtures.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.SyncFixtures;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field managers are per tenant now ({@code gitops-gateway-<tenant>}): an object the gateway
 * applied under the former shared name does not conflict with the new one forever (without
 * selfHeal, a conflict is otherwise reported, not forced), while another manager's field still
 * conflicts.
 */
class FieldManagerMigrationTest {
  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static KubernetesClient kube;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("shop", SHOP_TENANT), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    kube = gw.clusters.get("dev").client();
    token = gw.token("ann", "shop-admins");
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    repo.close();
  }

  static void appliedBy(String manager, String name, String color) {
    kube.configMaps()
        .inNamespace("shop-old")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("shop-old")
                .addToLabels(Map.of("gitops.io/tenant", "shop", "gitops.io/app", "old"))
                .endMetadata()
                .addToData("color", color)
                .build())
        .fieldManager(manager)
        .forceConflicts()
        .serverSideApply();
  }

  @Test
  void anObjectAppliedUnderTheOldSharedManagerIsTakenOverAnotherManagersFieldStillConflicts()
      throws Exception {
    appliedBy("gitops-gateway", "settings", "red");
    appliedBy("someone-else", "theirs", "red");
    repo.commit(
        "blue",
        Map.of(
            "old/settings.yaml",
            configMap("settings", "blue", ""),
            "old/theirs.yaml",
            configMap("theirs", "blue", "")));
    assertThat(
            gw.call(
                    HttpMethod.PUT,
                    "/api/v1/tenants/shop/apps/old",
                    token,
                    SyncFixtures.spec(repo.url(), "old", "shop-old", null))
                .statusCode())
        .isEqualTo(201);
    String body =
        gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/old/sync", token, null).bodyAsString();

    var settings = kube.configMaps().inNamespace("shop-old").withName("settings").get();
    assertThat(settings.getData()).containsEntry("color", "blue");
    assertThat(settings.getMetadata().getManagedFields())
        .anyMatch(f -> f.getManager().equals("gitops-gateway-shop"));
    assertThat(body)
        .contains("ConfigMap/shop-old/theirs")
        .contains("conflict with")
        .contains("someone-else");
    assertThat(kube.configMaps().inNamespace("shop-old").withName("theirs").get().getData())
        .containsEntry("color", "red");
  }
}
