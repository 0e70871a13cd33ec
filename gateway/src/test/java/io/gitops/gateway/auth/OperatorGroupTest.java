package io.gitops.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.config.ConfigException;
import io.gitops.gateway.config.ConfigLoader;
import io.gitops.gateway.support.GatewayHarness;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator group is the configuration's ({@code auth.operator-group}); the default name then
 * means nothing.
 */
class OperatorGroupTest {
  @TempDir static Path work;
  static GatewayHarness gw;

  @BeforeAll
  static void start() throws Exception {
    gw =
        GatewayHarness.start(
            work,
            Map.of("team-a", TokenHardeningTest.TENANT),
            List.of(),
            Map.of("auth", Map.of("operator-group", "platform-team")));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  @Test
  void theConfiguredGroupOperatesAndTheDefaultNameDoesNot() throws Exception {
    assertThat(
            gw.call(HttpMethod.GET, "/api/v1/admin/tenants", gw.token("pat", "platform-team"), null)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            gw.call(
                    HttpMethod.GET,
                    "/api/v1/tenants/team-a/apps",
                    gw.token("pat", "platform-team"),
                    null)
                .statusCode())
        .as("operators act as admin in every tenant")
        .isEqualTo(200);
    assertThat(
            gw.call(
                    HttpMethod.GET,
                    "/api/v1/admin/tenants",
                    gw.token("olga", "gitops-operators"),
                    null)
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void anEmptyGroupIsRefusedNamingTheKey() {
    Assertions.assertThatThrownBy(
            () ->
                ConfigLoader.fromTree(
                    Map.of("auth", Map.of("operator-group", " ")), Map.of(), true))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("auth.operator-group:");
  }
}
