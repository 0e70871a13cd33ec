package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.Audit;
import io.gitops.gateway.cluster.ClusterLabels;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.config.LabelSyntax;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.store.ClusterLabelStore;
import io.gitops.gateway.tenancy.Access;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * PUT /api/v1/admin/clusters/{cluster}/labels: an operator labels a cluster (configured or
 * registered); the labels replace the configuration file's for that cluster and app sets that
 * select clusters by label follow at once. Mounted whether or not credentials.key is set: labels
 * are not secret.
 */
public final class ClusterLabelRoutes {
  private final Guard guard;
  private final Clusters clusters;
  private final ClusterLabels labels;
  private final ClusterLabelStore store;
  private final Audit audit;

  public ClusterLabelRoutes(
      Access access,
      Clusters clusters,
      ClusterLabels labels,
      ClusterLabelStore store,
      Audit audit) {
    this.guard = new Guard(access);
    this.clusters = clusters;
    this.labels = labels;
    this.store = store;
    this.audit = audit;
  }

  public void mount(Router api) {
    api.put("/admin/clusters/:cluster/labels").handler(this::put);
    api.get("/admin/clusters/:cluster/labels").handler(this::get);
  }

  private void get(RoutingContext ctx) {
    guard.requireOperator(ctx);
    String name = known(ctx.pathParam("cluster"));
    ctx.json(body(name, labels.of(name)));
  }

  private void put(RoutingContext ctx) {
    guard.requireOperator(ctx);
    String name = known(ctx.pathParam("cluster"));
    Map<String, String> wanted = parse(ctx.body().asJsonObject());
    store
        .put(name, wanted)
        .compose(
            v ->
                audit.record(
                    ctx,
                    null,
                    "cluster.labeled",
                    "cluster/" + name,
                    "success",
                    new JsonObject().put("labels", json(wanted))))
        .onSuccess(
            v -> {
              labels.set(name, wanted);
              ctx.json(body(name, wanted));
            })
        .onFailure(ctx::fail);
  }

  private String known(String name) {
    if (name == null || name.isBlank() || clusters.get(new ClusterId(name)).isEmpty()) {
      throw ApiException.notFound("cluster " + name);
    }
    return name;
  }

  static Map<String, String> parse(JsonObject body) {
    if (body == null || !(body.getValue("labels") instanceof JsonObject given)) {
      throw new ApiException(400, "a JSON body {\"labels\": {key: value}} is required", "labels");
    }
    for (String field : body.fieldNames()) {
      if (!"labels".equals(field)) {
        throw new ApiException(400, "unknown field (known: labels)", field);
      }
    }
    try {
      return LabelSyntax.check(given.getMap());
    } catch (LabelSyntax.Invalid e) {
      throw new ApiException(400, e.getMessage(), e.key() == null ? "labels" : "labels." + e.key());
    }
  }

  /** Labels as a JSON object, keys sorted. */
  public static JsonObject json(Map<String, String> labels) {
    JsonObject out = new JsonObject();
    new java.util.TreeMap<>(labels).forEach(out::put);
    return out;
  }

  private static JsonObject body(String name, Map<String, String> labels) {
    return new JsonObject().put("name", name).put("labels", json(labels));
  }
}
