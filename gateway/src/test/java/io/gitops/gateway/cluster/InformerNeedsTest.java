package io.gitops.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.cluster.InformerNeeds.Watched;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.ClusterId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reference count behind informers that follow the apps. */
class InformerNeedsTest {
  static final ClusterId DEV = new ClusterId("dev");
  static final ClusterId EDGE = new ClusterId("edge");
  static final GroupKind DEPLOYMENT = new GroupKind("apps", "Deployment");
  static final GroupKind CONFIG_MAP = new GroupKind("", "ConfigMap");
  static final AppId WEB = AppId.of("shop", "web");
  static final AppId API = AppId.of("shop", "api");

  @Test
  void aKindIsNeededWhileAnyAppNeedsIt() {
    InformerNeeds needs = new InformerNeeds();
    needs.set(WEB, DEV, Set.of(DEPLOYMENT));
    needs.set(API, DEV, Set.of(DEPLOYMENT, CONFIG_MAP));

    assertThat(needs.release(API)).containsExactly(new Watched(DEV, CONFIG_MAP));
    assertThat(needs.needed(new Watched(DEV, DEPLOYMENT))).isTrue();
    assertThat(needs.release(WEB)).containsExactly(new Watched(DEV, DEPLOYMENT));
    assertThat(needs.kinds(DEV)).isEmpty();
    assertThat(needs.release(WEB)).as("given back once").isEmpty();
  }

  @Test
  void aNewSetGivesBackWhatItLeavesOutAndKeepsWhatItRepeats() {
    InformerNeeds needs = new InformerNeeds();
    needs.set(WEB, DEV, Set.of(DEPLOYMENT, CONFIG_MAP));

    assertThat(needs.set(WEB, DEV, Set.of(DEPLOYMENT)))
        .containsExactly(new Watched(DEV, CONFIG_MAP));
    assertThat(needs.kinds(DEV)).containsExactly(DEPLOYMENT);
  }

  @Test
  void anAppMovedToAnotherClusterGivesTheFirstOneBack() {
    InformerNeeds needs = new InformerNeeds();
    needs.set(WEB, DEV, Set.of(DEPLOYMENT));

    assertThat(needs.set(WEB, EDGE, Set.of(DEPLOYMENT)))
        .containsExactly(new Watched(DEV, DEPLOYMENT));
    assertThat(needs.needed(new Watched(EDGE, DEPLOYMENT))).isTrue();
  }

  @Test
  void aDryRunAddsAndTakesNothingAway() {
    InformerNeeds needs = new InformerNeeds();
    needs.set(WEB, DEV, Set.of(DEPLOYMENT, CONFIG_MAP));

    assertThat(needs.add(WEB, DEV, Set.of(new GroupKind("batch", "Job")))).isEmpty();
    assertThat(needs.kinds(DEV))
        .containsExactlyInAnyOrder(DEPLOYMENT, CONFIG_MAP, new GroupKind("batch", "Job"));
    assertThat(needs.add(WEB, EDGE, Set.of(DEPLOYMENT)))
        .as("on another cluster it is a move")
        .containsExactlyInAnyOrder(
            new Watched(DEV, DEPLOYMENT),
            new Watched(DEV, CONFIG_MAP),
            new Watched(DEV, new GroupKind("batch", "Job")));
  }

  @Test
  void versionsOfOneKindAreOneNeed() {
    assertThat(GroupKind.of(new GroupVersionKind("autoscaling/v1", "HorizontalPodAutoscaler")))
        .isEqualTo(GroupKind.of(new GroupVersionKind("autoscaling/v2", "HorizontalPodAutoscaler")));
    assertThat(GroupKind.of(new GroupVersionKind("v1", "ConfigMap"))).isEqualTo(CONFIG_MAP);
  }
}
