package io.gitops.gateway.sync;

import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.sync.plan.SyncOptions;
import io.gitops.gateway.sync.plan.SyncPlan;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dry run that asks the cluster: every object the plan would create or change is sent as a
 * server-side apply with {@code dryRun=All}, so validation, admission and field-manager conflicts
 * show up per object (a 422 or a 409 the plan alone cannot know), and nothing is stored. Objects in
 * a Namespace, or of a CRD, that the same sync would create are skipped: the server cannot judge
 * them before that exists. Writes pass the cluster's rate limiter like a sync's.
 */
public final class ServerDryRun {
  private ServerDryRun() {}

  /**
   * One object's answer: {@code ok}, {@code error} (with the server's code and message) or {@code
   * skipped}.
   */
  public record Check(ResourceKey key, String result, int code, String message) {
    public Map<String, Object> toMap() {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("object", key.toString());
      m.put("result", result);
      if (code != 0) {
        m.put("code", code);
      }
      if (message != null) {
        m.put("message", message);
      }
      return m;
    }
  }

  /**
   * The plan, and what the server said about each object it would write (empty when the plan is
   * refused).
   */
  public record Result(SyncPlan plan, List<Check> checks) {
    public long errors() {
      return checks.stream().filter(c -> c.result().equals("error")).count();
    }
  }

  public static Future<Result> run(
      ClusterConnection cluster,
      SyncPlan plan,
      SyncOptions options,
      ApplyRateLimiter limiter,
      String manager) {
    if (plan.refusal() != null) {
      return Future.succeededFuture(new Result(plan, List.of()));
    }
    List<SyncPlan.Apply> applies = new ArrayList<>();
    plan.waves().forEach(w -> w.steps().forEach(s -> applies.add((SyncPlan.Apply) s)));
    Set<String> newNamespaces = new HashSet<>();
    Set<String> newKinds = new HashSet<>();
    for (SyncPlan.Apply a : applies) {
      if (a.create() && a.key().kind().equals("Namespace")) {
        newNamespaces.add(a.key().name());
      }
      if (a.create() && a.key().kind().equals("CustomResourceDefinition")) {
        newKinds.add(crdKind(a.object()));
      }
    }
    List<Future<Check>> checks =
        applies.stream()
            .map(
                a -> {
                  ResourceKey k = a.key();
                  if (newNamespaces.contains(k.namespace())) {
                    return Future.succeededFuture(
                        new Check(
                            k,
                            "skipped",
                            0,
                            "namespace " + k.namespace() + " is created by this sync"));
                  }
                  if (newKinds.contains(k.group() + "/" + k.kind())) {
                    return Future.succeededFuture(
                        new Check(
                            k,
                            "skipped",
                            0,
                            "its CustomResourceDefinition is created by this sync"));
                  }
                  return limiter
                      .acquire(cluster.id())
                      .compose(v -> cluster.dryRunApply(a.object(), options.force(), manager))
                      .map(stored -> new Check(k, "ok", 0, null))
                      .recover(
                          err ->
                              Future.succeededFuture(
                                  new Check(
                                      k,
                                      "error",
                                      err instanceof ClusterConnection.ServerRefusal r
                                          ? r.code()
                                          : 0,
                                      String.valueOf(err.getMessage()))));
                })
            .toList();
    return Future.join(checks)
        .map(done -> new Result(plan, checks.stream().map(Future::result).toList()));
  }

  @SuppressWarnings("unchecked")
  static String crdKind(Map<String, Object> crd) {
    Object spec = crd.get("spec");
    if (!(spec instanceof Map<?, ?> s) || !(s.get("names") instanceof Map<?, ?> names)) {
      return "";
    }
    return s.get("group") + "/" + names.get("kind");
  }
}
