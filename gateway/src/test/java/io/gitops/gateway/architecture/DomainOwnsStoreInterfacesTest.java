package io.gitops.gateway.architecture;

import static io.gitops.gateway.architecture.ArchitectureRules.DOMAIN_OWNS_STORE_INTERFACES;
import static io.gitops.gateway.architecture.ArchitectureRules.assertCatches;
import static io.gitops.gateway.architecture.ArchitectureRules.assertHolds;

import io.gitops.gateway.tenancy.archviolation.TenancyKnowsSql;
import org.junit.jupiter.api.Test;

/** tenancy, auth and source own the interfaces store implements; they never name store. */
class DomainOwnsStoreInterfacesTest {
  @Test
  void theGatewayKeepsTheRule() {
    assertHolds(
        DOMAIN_OWNS_STORE_INTERFACES,
        "io.gitops.gateway.tenancy",
        "io.gitops.gateway.auth",
        "io.gitops.gateway.source");
  }

  @Test
  void aDeliberateViolationBreaksTheRule() {
    assertCatches(DOMAIN_OWNS_STORE_INTERFACES, TenancyKnowsSql.class);
  }
}
