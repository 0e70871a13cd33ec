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
 * Each server starts on first use and stops when the whole test run ends (JUnit closes what the
 * root store holds), so every test class shares one real API server.
 */
final class BothClusters implements ArgumentsProvider {
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(BothClusters.class);

  @Override
  public Stream<? extends Arguments> provideArguments(
      ParameterDeclarations parameters, ExtensionContext context) {
    return Stream.of(Arguments.of(real(context)), Arguments.of(simulated(context)));
  }

  static ClusterUnderTest.Real real(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(STORE);
    return new ClusterUnderTest.Real(
        () ->
            store
                .getOrComputeIfAbsent(
                    StartAttempt.class,
                    k -> StartAttempt.of(KubeBinaries.find().orElseThrow()),
                    StartAttempt.class)
                .server());
  }

  /**
   * A start remembered with its outcome, so that a server that failed to start is not started once
   * per test.
   */
  record StartAttempt(RealApiServer started, RuntimeException failure) implements AutoCloseable {
    static StartAttempt of(KubeBinaries binaries) {
      try {
        return new StartAttempt(RealApiServer.start(binaries), null);
      } catch (RuntimeException e) {
        return new StartAttempt(null, e);
      }
    }

    RealApiServer server() {
      if (failure != null) {
        throw new IllegalStateException(
            "the real API server did not start: " + failure.getMessage(), failure);
      }
      return started;
    }

    @Override
    public void close() {
      if (started != null) {
        started.close();
      }
    }
  }

  static ClusterUnderTest.Simulated simulated(ExtensionContext context) {
    // A long ready delay keeps the simulated controllers' status writes out of the assertions: the
    // real
    // API server runs no controllers at all.
    SimulatedCluster cluster =
        context
            .getRoot()
            .getStore(STORE)
            .getOrComputeIfAbsent(
                SimulatedCluster.class,
                k ->
                    SimulatedCluster.start(
                        "agreement",
                        SimulatorOptions.defaults().withReadyDelay(Duration.ofHours(1))),
                SimulatedCluster.class);
    return new ClusterUnderTest.Simulated(cluster);
  }
}
