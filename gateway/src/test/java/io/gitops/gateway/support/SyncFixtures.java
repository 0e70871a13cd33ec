package io.gitops.gateway.support;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Manifests and small actors for sync tests: the test plays the Job controller the simulator lacks.
 */
public final class SyncFixtures {
  /**
   * Tenant "shop": admins in group shop-admins, any repository, namespaces shop-* on cluster dev.
   */
  public static final String SHOP_TENANT =
      """
      name: shop
      roles:
        shop-admins: admin
      sourceRepos: ["*"]
      destinations:
        - cluster: dev
          namespace: "shop-*"
      """;

  private SyncFixtures() {}

  public static String configMap(String name, String color, String annotations) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
          annotations: {%s}
        data:
          color: %s
        """
        .formatted(name, annotations, color);
  }

  public static String deployment(String name, String image, int wave) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          annotations: {gitops.io/sync-wave: "%d"}
        spec:
          replicas: 1
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec:
              containers: [{name: main, image: "%s"}]
        """
        .formatted(name, wave, name, name, image);
  }

  public static String hookJob(String name, String phase) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          annotations: {argocd.argoproj.io/hook: %s}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: main, image: "busybox:1"}]
        """
        .formatted(name, phase);
  }

  /** What the Job controller would do once the Job's pod succeeded. */
  public static void completeJob(KubernetesClient client, String namespace, String name) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            j ->
                new JobBuilder(j)
                    .withNewStatus()
                    .withSucceeded(1)
                    .addNewCondition()
                    .withType("Complete")
                    .withStatus("True")
                    .withMessage("done")
                    .endCondition()
                    .endStatus()
                    .build());
  }

  /** What the Job controller would do once the Job ran out of retries. */
  public static void failJob(KubernetesClient client, String namespace, String name) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            j ->
                new JobBuilder(j)
                    .withNewStatus()
                    .withFailed(1)
                    .addNewCondition()
                    .withType("Failed")
                    .withStatus("True")
                    .withReason("BackoffLimitExceeded")
                    .withMessage("the migration failed")
                    .endCondition()
                    .endStatus()
                    .build());
  }

  /** A hook Job with a delete policy (Argo CD's annotations). */
  public static String hookJob(String name, String phase, String deletePolicy) {
    return hookJob(name, phase)
        .replace(
            "annotations: {argocd.argoproj.io/hook: " + phase + "}",
            "annotations: {argocd.argoproj.io/hook: "
                + phase
                + ", argocd.argoproj.io/hook-delete-policy: "
                + deletePolicy
                + "}");
  }

  public static Job job(KubernetesClient client, String namespace, String name) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }

  public static JsonObject spec(
      String repoUrl, String path, String namespace, JsonObject automated) {
    JsonObject spec = AppSpecs.onMain(repoUrl, path, "dev", namespace);
    if (automated != null) {
      spec.put("syncPolicy", new JsonObject().put("automated", automated));
    }
    return spec;
  }

  /** The phases of an app's operations, newest first. */
  public static JsonArray items(JsonObject page) {
    return page.getJsonArray("items");
  }
}
