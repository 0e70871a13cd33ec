package io.gitops.gateway.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.sim.SimulatedCluster;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a simulated cluster costs: starting and closing one (after the first, which pays class
 * loading), and one server-side apply round trip through the real fabric8 client.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SimulatedClusterBenchmark {
  private SimulatedCluster cluster;
  private KubernetesClient client;
  private int counter;

  @Setup(Level.Trial)
  public void setUp() {
    cluster = SimulatedCluster.start("bench");
    client = cluster.client();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cluster.close();
  }

  @Benchmark
  public String startAndClose() {
    try (SimulatedCluster c = SimulatedCluster.start("start")) {
      return c.url();
    }
  }

  @Benchmark
  public ConfigMap serverSideApply() {
    ConfigMap cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("cm")
            .withNamespace("default")
            .endMetadata()
            .withData(Map.of("n", Integer.toString(counter++)))
            .build();
    return client.resource(cm).fieldManager("bench").forceConflicts().serverSideApply();
  }
}
