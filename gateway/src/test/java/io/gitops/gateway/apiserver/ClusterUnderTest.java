package io.gitops.gateway.apiserver;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.gitops.gateway.sim.SimulatedCluster;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;

/**
 * One of the two servers the agreement tests run against: the real API server or the simulator.
 * Both are started once per test run and shared by every test; each test works in a namespace of
 * its own.
 */
sealed interface ClusterUnderTest permits ClusterUnderTest.Real, ClusterUnderTest.Simulated {
  String name();

  /**
   * An admin client of this cluster; on the real server, skips the test when the binaries are
   * missing.
   */
  KubernetesClient client();

  /**
   * Skips the test on the simulator, with {@code simulatorGap} (what the simulator does not do) as
   * the reason: a behaviour only the real API server has, checked there alone.
   */
  void assumeRealServer(String simulatorGap);

  /**
   * A new client of this cluster, configured like {@link #client()} and then {@code customise}d;
   * the caller closes it.
   */
  default KubernetesClient newClient(UnaryOperator<ConfigBuilder> customise) {
    Config config = customise.apply(new ConfigBuilder(client().getConfiguration())).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * A new client whose writes are recorded under the field manager {@code userAgent} names, as the
   * API server derives it for updates without an explicit manager (an HPA's scale, a kubectl edit).
   */
  default KubernetesClient clientAs(String userAgent) {
    return newClient(c -> c.withUserAgent(userAgent));
  }

  /**
   * A new client that does not retry: fabric8 retries 5xx answers and connection errors with a
   * backoff that adds up to about 20 s, which hides how the server answered.
   */
  default KubernetesClient clientWithoutRetries() {
    return newClient(c -> c.withRequestRetryBackoffLimit(0));
  }

  /** A new, empty namespace for one test. */
  default String newNamespace(String prefix) {
    return Namespaces.create(client(), prefix);
  }

  /** The real kube-apiserver and etcd, started by {@code server} on first use. */
  record Real(Supplier<RealApiServer> server) implements ClusterUnderTest {
    @Override
    public String name() {
      return "real API server";
    }

    @Override
    public KubernetesClient client() {
      KubeBinaries.assumeAvailable();
      return server.get().client();
    }

    @Override
    public void assumeRealServer(String simulatorGap) {
      // this is the real server
    }

    @Override
    public String toString() {
      return name();
    }
  }

  record Simulated(SimulatedCluster cluster) implements ClusterUnderTest {
    @Override
    public String name() {
      return "simulator";
    }

    @Override
    public KubernetesClient client() {
      return cluster.client();
    }

    @Override
    public void assumeRealServer(String simulatorGap) {
      Assumptions.abort("checked on the real API server only: " + simulatorGap);
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /**
   * Namespaces named uniquely across the shared servers. The real server runs no namespace
   * controller, so a deleted namespace would stay Terminating: tests leave theirs, and the server
   * goes at the end.
   */
  final class Namespaces {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Namespaces() {}

    static String create(KubernetesClient client, String prefix) {
      String name = prefix + "-" + NEXT.incrementAndGet();
      client
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
      return name;
    }
  }
}
