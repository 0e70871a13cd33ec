package io.gitops.gateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.DirectorySpec;
import io.gitops.gateway.model.HelmSpec;
import io.gitops.gateway.render.RenderRequest;
import io.gitops.gateway.render.SourceType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the reconciler asks the renderer for, given an app's source options. */
class RenderRequestsTest {
  static AppSpec app(AppSpec.Source source) {
    return new AppSpec(
        AppId.of("shop", "web"),
        source,
        new AppSpec.Destination(new ClusterId("dev"), "shop-web"),
        null);
  }

  @Test
  void withoutOptionsTheTypeIsDetectedAndAChartGoesIntoTheDestinationNamespace() {
    RenderRequest request = RenderRequests.of(app(new AppSpec.Source("file:///r", "main", "web")));
    assertThat(request.path()).isEqualTo("web");
    assertThat(request.type()).isNull();
    assertThat(request.directory().recursive()).isTrue();
    assertThat(request.helm().namespace()).isEqualTo("shop-web");
  }

  @Test
  void helmOptionsBecomeTheHelmRequestInArgoCdsOrder() {
    HelmSpec helm =
        new HelmSpec(
            "rel",
            null,
            List.of("prod.yaml"),
            Map.of("a", 1),
            List.of(
                new HelmSpec.Parameter("x", "1"),
                new HelmSpec.Parameter("y", "2"),
                new HelmSpec.Parameter("x", "3")));
    RenderRequest request =
        RenderRequests.of(app(new AppSpec.Source("file:///r", "main", "chart", null, helm, null)));
    assertThat(request.type()).isEqualTo(SourceType.HELM);
    assertThat(request.helm().releaseName()).isEqualTo("rel");
    assertThat(request.helm().namespace()).isEqualTo("shop-web");
    assertThat(request.helm().valueFiles()).containsExactly("prod.yaml");
    assertThat(request.helm().values()).isEqualTo(Map.of("a", 1));
    assertThat(request.helm().parameters().entrySet())
        .as("a repeated name counts where it was last given")
        .extracting(Map.Entry::getKey, Map.Entry::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("y", "2"),
            org.assertj.core.groups.Tuple.tuple("x", "3"));

    HelmSpec elsewhere = new HelmSpec(null, "shop-other", null, null, null);
    assertThat(
            RenderRequests.of(
                    app(new AppSpec.Source("file:///r", "main", "chart", null, elsewhere, null)))
                .helm()
                .namespace())
        .isEqualTo("shop-other");
  }

  @Test
  void directoryOptionsAndAnExplicitTypeAreKept() {
    DirectorySpec dir = new DirectorySpec(false, List.of("*.yaml"), List.of("local-*"));
    RenderRequest request =
        RenderRequests.of(app(new AppSpec.Source("file:///r", "main", "web", null, null, dir)));
    assertThat(request.type()).isEqualTo(SourceType.DIRECTORY);
    assertThat(request.directory().recursive()).isFalse();
    assertThat(request.directory().include()).containsExactly("*.yaml");
    assertThat(request.directory().exclude()).containsExactly("local-*");
    assertThat(
            RenderRequests.of(
                    app(
                        new AppSpec.Source(
                            "file:///r", "main", "web", AppSpec.SourceType.KUSTOMIZE, null, null)))
                .type())
        .isEqualTo(SourceType.KUSTOMIZE);
  }
}
