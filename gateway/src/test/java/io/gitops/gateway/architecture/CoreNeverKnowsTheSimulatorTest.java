package io.gitops.gateway.architecture;

import static io.gitops.gateway.architecture.ArchitectureRules.CORE_NEVER_KNOWS_A_CLUSTER_IS_SIMULATED;
import static io.gitops.gateway.architecture.ArchitectureRules.assertCatches;
import static io.gitops.gateway.architecture.ArchitectureRules.assertHolds;

import io.gitops.gateway.reconcile.archviolation.CoreKnowsTheSimulator;
import org.junit.jupiter.api.Test;

/** Only sim and demo name the simulator; the core never knows a cluster is simulated. */
class CoreNeverKnowsTheSimulatorTest {
  @Test
  void theGatewayKeepsTheRule() {
    assertHolds(
        CORE_NEVER_KNOWS_A_CLUSTER_IS_SIMULATED,
        "io.gitops.gateway.reconcile",
        "io.gitops.gateway.sim");
  }

  @Test
  void aDeliberateViolationBreaksTheRule() {
    assertCatches(CORE_NEVER_KNOWS_A_CLUSTER_IS_SIMULATED, CoreKnowsTheSimulator.class);
  }
}
