package io.gitops.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** clusters[].labels in the configuration file: read, and refused with the key named. */
class ClusterLabelsConfigTest {
  private static Map<String, Object> tree(Object labels) {
    return Map.of(
        "database",
        Map.of("url", "postgresql://db:5432/gitops"),
        "oidc",
        Map.of("issuer", "https://login.example.com"),
        "clusters",
        List.of(Map.of("name", "prod-eu", "context", "prod-eu", "labels", labels)));
  }

  @Test
  void labelsAreReadPerCluster() {
    GatewayConfig config =
        ConfigLoader.fromTree(tree(Map.of("env", "prod", "region", "eu")), Map.of(), false);
    assertThat(config.clusterLabels())
        .isEqualTo(Map.of("prod-eu", Map.of("env", "prod", "region", "eu")));
  }

  @Test
  void aBadLabelNamesItsKey() {
    assertThatThrownBy(() -> ConfigLoader.fromTree(tree(Map.of("env", "a b")), Map.of(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("clusters[0].labels.env:");
    assertThatThrownBy(() -> ConfigLoader.fromTree(tree(List.of("env")), Map.of(), false))
        .hasMessageStartingWith("clusters[0].labels:");
  }
}
