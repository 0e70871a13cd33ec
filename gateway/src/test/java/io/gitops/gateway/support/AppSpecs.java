package io.gitops.gateway.support;

import io.vertx.core.json.JsonObject;

/**
 * App specs as a tenant sends them over the API (Argo CD's field names); chain further {@code
 * put}s.
 */
public final class AppSpecs {
  private AppSpecs() {}

  /** Source at the repository's default branch. */
  public static JsonObject of(String repoUrl, String path, String cluster, String namespace) {
    return new JsonObject()
        .put("source", new JsonObject().put("repoURL", repoUrl).put("path", path))
        .put("destination", new JsonObject().put("cluster", cluster).put("namespace", namespace));
  }

  /** Source pinned to the branch {@code main}, as TestRepo creates it. */
  public static JsonObject onMain(String repoUrl, String path, String cluster, String namespace) {
    JsonObject spec = of(repoUrl, path, cluster, namespace);
    spec.getJsonObject("source").put("targetRevision", "main");
    return spec;
  }
}
