package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.Audit;
import io.gitops.gateway.cluster.ClusterLabels;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.cluster.InlineCredentials;
import io.gitops.gateway.config.ClusterConfig;
import io.gitops.gateway.config.ConfigException;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.store.AppStore;
import io.gitops.gateway.store.ClusterStore;
import io.gitops.gateway.tenancy.Access;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * /api/v1/admin/clusters: operators register clusters (server URL + token + CA, or a kubeconfig and
 * context). Credentials go in encrypted and never come out: listing shows names, servers and
 * reachability only. Clusters from the configuration file are read-only here.
 */
public final class ClusterRoutes {
  private static final Set<String> FIELDS =
      Set.of("server", "token", "caData", "insecureSkipTlsVerify", "kubeconfig", "context");

  private final Guard guard;
  private final Vertx vertx;
  private final Clusters clusters;
  private final ClusterStore store;
  private final AppStore apps;
  private final GatewayMetrics metrics;
  private final Set<String> fromConfig;
  private final Audit audit;
  private final ClusterLabels labels;

  public ClusterRoutes(
      Vertx vertx,
      Access access,
      Clusters clusters,
      ClusterStore store,
      AppStore apps,
      GatewayMetrics metrics,
      Set<String> fromConfig,
      ClusterLabels labels,
      Audit audit) {
    this.labels = labels;
    this.guard = new Guard(access);
    this.vertx = vertx;
    this.clusters = clusters;
    this.store = store;
    this.apps = apps;
    this.metrics = metrics;
    this.fromConfig = fromConfig;
    this.audit = audit;
  }

  public void mount(Router api) {
    api.get("/admin/clusters").handler(this::list);
    api.put("/admin/clusters/:cluster").handler(this::put);
    api.delete("/admin/clusters/:cluster").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    guard.requireOperator(ctx);
    JsonArray items = new JsonArray();
    clusters.all().stream()
        .sorted((a, b) -> a.id().value().compareTo(b.id().value()))
        .forEach(
            c ->
                items.add(
                    new JsonObject()
                        .put("name", c.id().value())
                        .put("source", fromConfig.contains(c.id().value()) ? "config" : "api")
                        .put("connected", c.unreachableReason() == null)
                        .put("reason", c.unreachableReason())
                        .put("labels", ClusterLabelRoutes.json(labels.of(c.id().value())))
                        .put("watchedObjects", c.watchedObjects())));
    ctx.json(new JsonObject().put("items", items));
  }

  private void put(RoutingContext ctx) {
    guard.requireOperator(ctx);
    String name = ctx.pathParam("cluster");
    if (fromConfig.contains(name)) {
      throw new ApiException(
          409, "cluster '" + name + "' is defined in the configuration file; change it there");
    }
    ClusterConfig config = parse(name, ctx.body().asJsonObject());
    // Building the client parses a kubeconfig and may read files: a worker's job, not the event
    // loop's.
    vertx
        .executeBlocking(() -> clusters.add(config, "body"))
        .recover(
            err ->
                Future.failedFuture(
                    err instanceof ConfigException c
                        ? new ApiException(
                            400, c.getMessage().replaceFirst("^body\\.?", ""), "kubeconfig")
                        : err))
        .compose(
            connection ->
                store
                    .put(config)
                    .map(
                        created -> {
                          metrics.cluster(
                              name,
                              () -> connection.unreachableReason() == null,
                              connection::watchedObjects);
                          return created;
                        }))
        .compose(
            created ->
                audit
                    .record(
                        ctx,
                        null,
                        created ? "cluster.created" : "cluster.updated",
                        "cluster/" + name,
                        "success",
                        null)
                    .map(created))
        .onSuccess(
            created ->
                ctx.response()
                    .setStatusCode(created ? 201 : 200)
                    .putHeader("content-type", "application/json")
                    .end(new JsonObject().put("name", name).encode()))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    guard.requireOperator(ctx);
    String name = ctx.pathParam("cluster");
    if (fromConfig.contains(name)) {
      throw new ApiException(
          409, "cluster '" + name + "' is defined in the configuration file; remove it there");
    }
    apps.listAll()
        .compose(
            all -> {
              long using =
                  all.stream()
                      .filter(a -> a.spec().destination().cluster().value().equals(name))
                      .count();
              return using > 0
                  ? Future.failedFuture(
                      new ApiException(
                          409, using + " app(s) still deploy to cluster '" + name + "'"))
                  : store.delete(name);
            })
        .compose(
            deleted ->
                deleted
                    ? audit.record(ctx, null, "cluster.deleted", "cluster/" + name, "success", null)
                    : Future.failedFuture(ApiException.notFound("cluster " + name)))
        .onSuccess(
            v -> {
              clusters.remove(new ClusterId(name));
              ctx.response().setStatusCode(204).end();
            })
        .onFailure(ctx::fail);
  }

  static ClusterConfig parse(String name, JsonObject body) {
    if (body == null) {
      throw new ApiException(
          400,
          "a JSON body with 'server' (+ token, caData) or 'kubeconfig' + 'context' is required");
    }
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new ApiException(
            400, "unknown field (known: " + String.join(", ", FIELDS) + ")", field);
      }
    }
    String kubeconfig = body.getValue("kubeconfig") instanceof String s ? s : null;
    String server = body.getValue("server") instanceof String s ? s : null;
    if ((kubeconfig == null) == (server == null)) {
      throw new ApiException(
          400,
          "give exactly one of 'server' (with token and caData) and 'kubeconfig' (with context)",
          "server");
    }
    if (kubeconfig != null) {
      if (!(body.getValue("context") instanceof String context) || context.isBlank()) {
        throw new ApiException(400, "a kubeconfig needs the name of the context to use", "context");
      }
      try {
        InlineCredentials.check(
            kubeconfig, "kubeconfig"); // before fabric8 parses it: nothing in it runs or is read
      } catch (InlineCredentials.Refused e) {
        throw new ApiException(400, e.reason(), e.field());
      }
      return new ClusterConfig.InlineKubeconfig(name, kubeconfig, context);
    }
    if (!server.startsWith("https://") && !server.startsWith("http://")) {
      throw new ApiException(400, "must be an http(s) URL", "server");
    }
    return new ClusterConfig.Direct(
        name,
        server,
        body.getString("token"),
        body.getString("caData"),
        Boolean.TRUE.equals(body.getValue("insecureSkipTlsVerify")));
  }
}
