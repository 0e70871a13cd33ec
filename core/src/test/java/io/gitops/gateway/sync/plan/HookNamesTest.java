package io.gitops.gateway.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.model.AppId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hooks with generateName get a deterministic, DNS-label-safe, length-limited name. */
class HookNamesTest {
  static final AppId APP = AppId.of("shop", "web");

  static Map<String, Object> hook(Map<String, Object> metadata) {
    return Map.of("apiVersion", "batch/v1", "kind", "Job", "metadata", metadata);
  }

  static Map<String, Object> generated(String prefix, String phase) {
    return hook(
        Map.of("generateName", prefix, "annotations", Map.of("argocd.argoproj.io/hook", phase)));
  }

  @Test
  void theSameAppRevisionAndPhaseGiveTheSameNameAndAnotherRevisionAnother() {
    String first = HookNames.generated(generated("migrate-", "PreSync"), APP, "abc").orElseThrow();

    assertThat(first).startsWith("migrate-").hasSize("migrate-".length() + HookNames.HASH);
    assertThat(HookNames.generated(generated("migrate-", "PreSync"), APP, "abc")).contains(first);
    assertThat(HookNames.generated(generated("migrate-", "PreSync"), APP, "def"))
        .get()
        .isNotEqualTo(first);
    assertThat(HookNames.generated(generated("migrate-", "PostSync"), APP, "abc"))
        .get()
        .isNotEqualTo(first);
    assertThat(
            HookNames.generated(generated("migrate-", "PreSync"), AppId.of("bank", "web"), "abc"))
        .get()
        .isNotEqualTo(first);
  }

  @Test
  void aLongOrOddPrefixStillGivesADnsLabel() {
    String name =
        HookNames.generated(generated("-Migrate_DB." + "x".repeat(80), "Sync"), APP, "abc")
            .orElseThrow();

    assertThat(name).hasSize(HookNames.MAX).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  }

  @Test
  void aNamedHookOrAnObjectThatIsNoHookKeepsWhatItHas() {
    Map<String, Object> named =
        hook(
            Map.of(
                "name",
                "fixed",
                "generateName",
                "x-",
                "annotations",
                Map.of("argocd.argoproj.io/hook", "PreSync")));
    assertThat(HookNames.generated(named, APP, "abc")).isEmpty();
    assertThat(HookNames.generated(hook(Map.of("generateName", "x-")), APP, "abc")).isEmpty();
  }
}
