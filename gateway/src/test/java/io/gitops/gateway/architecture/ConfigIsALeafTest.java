package io.gitops.gateway.architecture;

import static io.gitops.gateway.architecture.ArchitectureRules.CONFIG_IS_A_LEAF;
import static io.gitops.gateway.architecture.ArchitectureRules.assertCatches;
import static io.gitops.gateway.architecture.ArchitectureRules.assertHolds;

import io.gitops.gateway.config.archviolation.ConfigReadsStore;
import org.junit.jupiter.api.Test;

/** config depends on no other project package. */
class ConfigIsALeafTest {
  @Test
  void theGatewayKeepsTheRule() {
    assertHolds(CONFIG_IS_A_LEAF, "io.gitops.gateway.config");
  }

  @Test
  void aDeliberateViolationBreaksTheRule() {
    assertCatches(CONFIG_IS_A_LEAF, ConfigReadsStore.class);
  }
}
