package io.gitops.gateway.sim;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One simulated cluster per test class: {@code @RegisterExtension static final ClusterExtension
 * CLUSTER = ...}.
 */
final class ClusterExtension implements BeforeAllCallback, AfterAllCallback {
  private final String name;
  private final SimulatorOptions options;
  private SimulatedCluster cluster;

  ClusterExtension(String name) {
    this(name, SimulatorOptions.defaults());
  }

  ClusterExtension(String name, SimulatorOptions options) {
    this.name = name;
    this.options = options;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = SimulatedCluster.start(name, options);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    cluster.close();
  }

  KubernetesClient client() {
    return cluster.client();
  }
}
