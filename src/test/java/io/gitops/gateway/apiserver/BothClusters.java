package io.gitops.gateway.apiserver;

import io.gitops.gateway.sim.SimulatedCluster;
import io.gitops.gateway.sim.SimulatorOptions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Runs a parameterised test once against the real API server and once against the simulator:
 * {@code @ParameterizedTest @ArgumentsSource(BothClusters.class) void x(ClusterUnderTest cluster)}.
 * Each server starts on first use and stops when the whole test run ends (JUnit closes what the root
 * store holds), so every test class shares one real API server.
 */
final class BothClusters implements ArgumentsProvider {
  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(BothClusters.class);

  @Override
  public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
    return Stream.of(Arguments.of(real(context)), Arguments.of(simulated(context)));
  }

  static ClusterUnderTest.Real real(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(STORE);
    String missing = KubeBinaries.whatIsMissing().orElse(null);
    return new ClusterUnderTest.Real(() -> store.getOrComputeIfAbsent(RealApiServer.class,
        k -> RealApiServer.start(KubeBinaries.find().orElseThrow()), RealApiServer.class), missing);
  }

  static ClusterUnderTest.Simulated simulated(ExtensionContext context) {
    // A long ready delay keeps the simulated controllers' status writes out of the assertions: the real
    // API server runs no controllers at all.
    SimulatedCluster cluster = context.getRoot().getStore(STORE).getOrComputeIfAbsent(SimulatedCluster.class,
        k -> SimulatedCluster.start("agreement", SimulatorOptions.defaults().withReadyDelay(Duration.ofHours(1))),
        SimulatedCluster.class);
    return new ClusterUnderTest.Simulated(cluster);
  }
}
