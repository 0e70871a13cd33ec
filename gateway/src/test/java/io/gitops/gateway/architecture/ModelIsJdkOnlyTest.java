package io.gitops.gateway.architecture;

import static io.gitops.gateway.architecture.ArchitectureRules.MODEL_IS_JDK_ONLY;
import static io.gitops.gateway.architecture.ArchitectureRules.assertCatches;
import static io.gitops.gateway.architecture.ArchitectureRules.assertHolds;

import io.gitops.gateway.model.archviolation.ModelUsesJackson;
import org.junit.jupiter.api.Test;

/** model depends on the JDK only. */
class ModelIsJdkOnlyTest {
  @Test
  void theGatewayKeepsTheRule() {
    assertHolds(MODEL_IS_JDK_ONLY, "io.gitops.gateway.model");
  }

  @Test
  void aDeliberateViolationBreaksTheRule() {
    assertCatches(MODEL_IS_JDK_ONLY, ModelUsesJackson.class);
  }
}
