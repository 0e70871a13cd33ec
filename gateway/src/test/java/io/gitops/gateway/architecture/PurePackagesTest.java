package io.gitops.gateway.architecture;

import static io.gitops.gateway.architecture.ArchitectureRules.PURE_PACKAGES_STAY_PURE;
import static io.gitops.gateway.architecture.ArchitectureRules.assertCatches;
import static io.gitops.gateway.architecture.ArchitectureRules.assertHolds;

import io.gitops.gateway.diff.archviolation.DiffReadsTheClusterPackage;
import io.gitops.gateway.sync.plan.archviolation.PlanUsesVertx;
import org.junit.jupiter.api.Test;

/**
 * The pure packages (by package, not by class name) know no Vert.x, no cluster client and no impure
 * project package.
 */
class PurePackagesTest {
  @Test
  void theGatewayKeepsTheRule() {
    assertHolds(
        PURE_PACKAGES_STAY_PURE,
        "io.gitops.gateway.model",
        "io.gitops.gateway.diff",
        "io.gitops.gateway.health",
        "io.gitops.gateway.render",
        "io.gitops.gateway.sync.plan",
        "io.gitops.gateway.tree");
  }

  @Test
  void aDeliberateViolationBreaksTheRule() {
    assertCatches(PURE_PACKAGES_STAY_PURE, PlanUsesVertx.class);
    assertCatches(PURE_PACKAGES_STAY_PURE, DiffReadsTheClusterPackage.class);
  }
}
