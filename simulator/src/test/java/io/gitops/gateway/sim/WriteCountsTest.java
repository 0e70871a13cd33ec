package io.gitops.gateway.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The per-object write counts a test of several gateway replicas reads from the simulator. */
class WriteCountsTest {
  @RegisterExtension static final ClusterExtension CLUSTER = new ClusterExtension("counts");

  private static ConfigMap configMap(String name, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withData(Map.of("k", value))
        .build();
  }

  private static JsonNode writes() {
    String url = CLUSTER.client().getMasterUrl().toString().replaceAll("/$", "");
    return Json.parse(CLUSTER.client().raw(url + WriteCounts.PATH)).path("writes");
  }

  @Test
  void eachWriteIsCountedByVerbAndDryRunsAndRefusalsAreNot() {
    var client = CLUSTER.client();
    client.resource(configMap("created", "1")).create();
    client.resource(configMap("created", "2")).update();
    client.resource(configMap("applied", "1")).fieldManager("gateway").serverSideApply();
    client.resource(configMap("dry", "1")).dryRun().create();
    assertThatThrownBy(() -> client.resource(configMap("created", "3")).create())
        .isInstanceOf(KubernetesClientException.class);

    JsonNode writes = writes();

    assertThat(writes.path("/ConfigMap/default/created").path("create").asInt()).isEqualTo(1);
    assertThat(writes.path("/ConfigMap/default/created").path("update").asInt()).isEqualTo(1);
    assertThat(writes.path("/ConfigMap/default/applied").path("apply").asInt()).isEqualTo(1);
    assertThat(writes.has("/ConfigMap/default/dry")).isFalse();
  }
}
