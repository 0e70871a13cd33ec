package io.gitops.gateway.apiserver;

import static io.gitops.gateway.apiserver.Fixtures.applyAsGateway;
import static io.gitops.gateway.apiserver.Fixtures.load;
import static io.gitops.gateway.apiserver.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.junit.jupiter.api.Tag;

/**
 * A CRD applied from Git, then its custom resources: the order an app with an operator syncs in.
 */
@Tag("apiserver")
class CustomResourceAgreementTest {
  private static final String WIDGETS = "example.gitops.io/v1";

  /**
   * Applies the Widget CRD and waits until Widgets are served (the real server needs it Established
   * first).
   */
  private static void installWidgetCrd(ClusterUnderTest cluster, String ns) {
    applyAsGateway(cluster.client(), load("widgets-crd.yaml", null));
    // One request per poll: the client's own retries would back off for seconds on an error.
    try (KubernetesClient probe = cluster.clientWithoutRetries()) {
      await("Widgets served")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .ignoreException(KubernetesClientException.class)
          .until(
              () ->
                  probe.genericKubernetesResources(WIDGETS, "Widget").inNamespace(ns).list()
                      != null);
    }
  }

  @OnBothClusters
  void aCustomResourceIsServedOnceItsCrdIsAppliedAndIsAppliedLikeAnyObject(
      ClusterUnderTest cluster) {
    String ns = cluster.newNamespace("crd");
    installWidgetCrd(cluster, ns);

    GenericKubernetesResource created = applyAsGateway(cluster.client(), load("widget.yaml", ns));
    GenericKubernetesResource withoutColour = load("widget.yaml", ns);
    map(withoutColour, "spec").remove("colour");
    GenericKubernetesResource pruned = applyAsGateway(cluster.client(), withoutColour);
    map(withoutColour, "spec").put("size", 5);
    GenericKubernetesResource resized = applyAsGateway(cluster.client(), withoutColour);

    assertThat(cluster.client().getApiResources(WIDGETS).getResources())
        .extracting(APIResource::getKind)
        .contains("Widget");
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(map(pruned, "spec")).doesNotContainKey("colour").containsEntry("size", 3);
    assertThat(pruned.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(resized.getMetadata().getGeneration()).isEqualTo(3L);
  }

  @OnBothClusters
  void aCustomResourceGetsTheDefaultsOfItsSchema(ClusterUnderTest cluster) {
    cluster.assumeRealServer("the simulator does not apply CRD schema defaults");
    String ns = cluster.newNamespace("crd-default");
    installWidgetCrd(cluster, ns);

    GenericKubernetesResource live = applyAsGateway(cluster.client(), load("widget.yaml", ns));

    assertThat(map(live, "spec")).containsEntry("tier", "standard");
  }

  @OnBothClusters
  void aCustomResourceBreakingAConstraintOfItsSchemaIsRejectedAs422NamingTheField(
      ClusterUnderTest cluster) {
    cluster.assumeRealServer(
        "the simulator does not validate custom resources against their CRD schema");
    String ns = cluster.newNamespace("crd-invalid");
    installWidgetCrd(cluster, ns);
    GenericKubernetesResource invalid = load("widget.yaml", ns);
    map(invalid, "spec").put("size", 0);

    assertThatThrownBy(() -> applyAsGateway(cluster.client(), invalid))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getDetails().getCauses())
                  .singleElement()
                  .satisfies(c -> assertThat(c.getField()).isEqualTo("spec.size"));
            });
  }

  /**
   * A value of the wrong type is refused before validation, while server-side apply builds its
   * typed patch: the answer is 500 InternalError, not 422. The gateway must report it on the app as
   * a configuration error, not retry it as a server fault (fabric8 retries 5xx answers by default,
   * for about 20 s before giving up).
   */
  @OnBothClusters
  void aCustomResourceWithAFieldOfTheWrongTypeIsRefusedWithA500NamingTheField(
      ClusterUnderTest cluster) {
    cluster.assumeRealServer(
        "the simulator does not type-check custom resources against their CRD schema");
    String ns = cluster.newNamespace("crd-wrong-type");
    installWidgetCrd(cluster, ns);
    GenericKubernetesResource invalid = load("widget.yaml", ns);
    map(invalid, "spec").put("size", "big");

    try (KubernetesClient noRetries = cluster.clientWithoutRetries()) {
      assertThatThrownBy(() -> applyAsGateway(noRetries, invalid))
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(500);
                assertThat(e.getStatus().getMessage())
                    .contains("failed to create typed patch object")
                    .contains(".spec.size: expected numeric");
              });
    }
  }
}
