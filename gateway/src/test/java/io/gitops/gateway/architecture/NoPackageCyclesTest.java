package io.gitops.gateway.architecture;

import static io.gitops.gateway.architecture.ArchitectureRules.NO_PACKAGE_CYCLES;
import static io.gitops.gateway.architecture.ArchitectureRules.assertCatches;
import static io.gitops.gateway.architecture.ArchitectureRules.assertHolds;

import io.gitops.gateway.config.archviolation.ConfigReadsStore;
import io.gitops.gateway.store.archviolation.StoreReadsConfig;
import org.junit.jupiter.api.Test;

/** No cycle between the gateway's packages (each top-level package is a slice). */
class NoPackageCyclesTest {
  @Test
  void theGatewayKeepsTheRule() {
    assertHolds(
        NO_PACKAGE_CYCLES,
        "io.gitops.gateway.config",
        "io.gitops.gateway.reconcile",
        "io.gitops.gateway.store");
  }

  @Test
  void aDeliberateViolationBreaksTheRule() {
    assertCatches(NO_PACKAGE_CYCLES, ConfigReadsStore.class, StoreReadsConfig.class);
  }
}
