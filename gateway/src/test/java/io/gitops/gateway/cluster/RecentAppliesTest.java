package io.gitops.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A lagging informer cache is not drift: what was just applied stands in until the cache catches
 * up.
 */
class RecentAppliesTest {
  static final AppId APP = AppId.of("shop", "web");
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static Map<String, Object> cm(String name, String rv, String color) {
    return Map.of(
        "apiVersion",
        "v1",
        "kind",
        "ConfigMap",
        "metadata",
        Map.of("name", name, "namespace", "shop", "resourceVersion", rv),
        "data",
        Map.of("color", color));
  }

  @Test
  void anAbsentOrOlderCachedCopyIsReplacedByTheServersAnswerUntilTheCacheCatchesUp() {
    RecentApplies recent = new RecentApplies(Duration.ofSeconds(30));
    Map<String, Object> applied = cm("a", "12", "green");
    recent.applied(APP, ResourceKey.of(applied), applied, T0);
    recent.applied(APP, ResourceKey.of(cm("b", "13", "green")), cm("b", "13", "green"), T0);

    List<Map<String, Object>> seen =
        recent.overlay(APP, List.of(cm("a", "7", "blue")), T0.plusSeconds(1));
    assertThat(seen).containsExactlyInAnyOrder(applied, cm("b", "13", "green"));

    // Caught up (and then changed by someone else: that IS drift and must show).
    List<Map<String, Object>> later = List.of(cm("a", "20", "red"), cm("b", "13", "green"));
    assertThat(recent.overlay(APP, later, T0.plusSeconds(2))).containsExactlyElementsOf(later);
    assertThat(recent.overlay(APP, List.of(cm("b", "13", "green")), T0.plusSeconds(3))).hasSize(1);
  }

  @Test
  void aPrunedObjectStillCachedIsGoneAndTheMemoryEndsAfterTheWindow() {
    RecentApplies recent = new RecentApplies(Duration.ofSeconds(30));
    recent.deleted(APP, ResourceKey.of(cm("a", "1", "x")), T0);
    assertThat(recent.overlay(APP, List.of(cm("a", "5", "x")), T0.plusSeconds(1))).isEmpty();
    assertThat(recent.overlay(APP, List.of(cm("a", "5", "x")), T0.plusSeconds(31))).hasSize(1);

    recent.applied(APP, ResourceKey.of(cm("c", "9", "x")), cm("c", "9", "x"), T0);
    assertThat(recent.overlay(APP, List.of(), T0.plusSeconds(31)))
        .isEmpty(); // bounded: absent after the window is real
  }
}
