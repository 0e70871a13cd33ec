package io.gitops.gateway.sync;

import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.Propagation;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.sync.plan.ObjectSyncOptions;
import io.gitops.gateway.sync.plan.Ownership;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Deleting an app with a cascade (Argo CD's {@code argocd app delete --cascade}): every live object
 * labelled as this app's (as the informers hold them) is deleted with the cascade's propagation,
 * one after the other through the cluster's rate limiter, each read from the API server right
 * before and deleted only if it still carries this app's two labels. Never another app's object;
 * never one the tenant's rules do not let it touch ({@code outOfBounds} names why); never one
 * annotated {@code Delete=false}.
 */
public final class AppDeletion {
  /**
   * What was deleted, kept (and why), and what failed (and why); {@code note}: why nothing could be
   * looked at, or null; {@code blocked}: that reason also stops the app's deletion.
   */
  public record Result(
      List<ResourceKey> deleted,
      Map<ResourceKey, String> kept,
      Map<ResourceKey, String> failed,
      String note,
      boolean blocked) {
    public Result(
        List<ResourceKey> deleted, Map<ResourceKey, String> kept, Map<ResourceKey, String> failed) {
      this(deleted, kept, failed, null, false);
    }

    /** Nothing to reach: the app may go, its objects stay, and the note says so. */
    public static Result unreachable(String why) {
      return new Result(List.of(), Map.of(), Map.of(), why, false);
    }

    /** Nothing deleted and the app stays: {@code why} is the reason. */
    public static Result blocked(String why) {
      return new Result(List.of(), Map.of(), Map.of(), why, true);
    }

    public boolean succeeded() {
      return failed.isEmpty() && !blocked;
    }

    /** One line for the app's status and the API's answer. */
    public String failure() {
      StringBuilder out = new StringBuilder(blocked ? note : "");
      failed.forEach(
          (key, why) ->
              out.append(out.length() == 0 ? "" : "; ").append(key).append(": ").append(why));
      return out.toString();
    }
  }

  private AppDeletion() {}

  /**
   * {@code outOfBounds}: for an object, why the tenant may not touch it (outside its destinations,
   * a denied kind), or null.
   */
  public static Future<Result> run(
      ClusterConnection cluster,
      List<Map<String, Object>> objects,
      AppId app,
      Propagation cascade,
      ApplyRateLimiter limiter,
      Function<Map<String, Object>, String> outOfBounds) {
    Ownership ownership = new Ownership(app, false, namespace -> false);
    Result result = new Result(new ArrayList<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
    Future<Void> chain = Future.succeededFuture();
    for (Map<String, Object> object : objects) {
      ResourceKey key = ResourceKey.of(object);
      if (ObjectSyncOptions.keepOnAppDeletion(object)) {
        result.kept().put(key, "kept by " + ObjectSyncOptions.ANNOTATION + ": Delete=false");
        continue;
      }
      String outside = outOfBounds.apply(object);
      if (outside != null) {
        result.kept().put(key, "not the tenant's to delete: " + outside);
        continue;
      }
      chain =
          chain
              .compose(v -> limiter.acquire(cluster.id()))
              .compose(
                  v ->
                      cluster.deleteIf(
                          object,
                          live ->
                              ownership.owns(live)
                                  ? null
                                  : "it no longer carries this app's labels",
                          cascade))
              .transform(
                  done -> {
                    if (done.succeeded()) {
                      result.deleted().add(key);
                    } else {
                      result.failed().put(key, String.valueOf(done.cause().getMessage()));
                    }
                    return Future.succeededFuture();
                  });
    }
    return chain.map(result);
  }
}
