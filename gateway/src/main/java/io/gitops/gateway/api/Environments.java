package io.gitops.gateway.api;

import io.gitops.gateway.cluster.ClusterLabels;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.environments.WorkloadImages;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.source.GitSources;
import io.gitops.gateway.source.TenantRepo;
import io.gitops.gateway.store.AppStore;
import io.gitops.gateway.store.OperationStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Which version runs where": for one application (an app set's apps, or the apps carrying a
 * label), a row per environment (the app's cluster, or one of its cluster's labels such as env)
 * with the Git revision and its commit subject, the images of the LIVE workloads (informer caches,
 * so a hand change on the cluster shows at once), sync, health and when the row last changed; and
 * the difference between two environments.
 */
public final class Environments {
  /** Which apps make up the application: an app set's, or those with all these labels. */
  public record Selection(String appSet, Map<String, String> labels) {
    /** Every app of the tenant (no label to match). */
    public static final Selection ALL = new Selection(null, Map.of());

    Map<String, String> filter() {
      return appSet != null ? Map.of(AppSets.OWNER_LABEL, appSet) : labels;
    }
  }

  /** What a row showed last, and since when. */
  private record Seen(String fingerprint, Instant since) {}

  private final AppStore apps;
  private final Clusters clusters;
  private final ClusterLabels clusterLabels;
  private final GitSources git;
  private final OperationStore operations;
  private final Map<AppId, Seen> seen = new ConcurrentHashMap<>();

  Environments(
      AppStore apps,
      Clusters clusters,
      ClusterLabels clusterLabels,
      GitSources git,
      OperationStore operations) {
    this.apps = apps;
    this.clusters = clusters;
    this.clusterLabels = clusterLabels;
    this.git = git;
    this.operations = operations;
  }

  /** {@code by}: "cluster", or a cluster label key (e.g. "env"). */
  public Future<JsonObject> matrix(TenantId tenant, Selection selection, String by) {
    return rows(tenant, selection, by)
        .map(
            rows ->
                new JsonObject()
                    .put("application", name(selection))
                    .put("by", by)
                    .put("environments", new JsonArray(new ArrayList<Object>(rows))));
  }

  /** Revision and images that differ between environments {@code a} and {@code b}. */
  public Future<JsonObject> compare(
      TenantId tenant, Selection selection, String by, String a, String b) {
    return rows(tenant, selection, by)
        .map(
            rows -> {
              List<JsonObject> left = rowsOf(rows, a);
              List<JsonObject> right = rowsOf(rows, b);
              if (left.isEmpty()) {
                throw new ApiException(
                    404, "no environment '" + a + "' in " + name(selection), "a");
              }
              if (right.isEmpty()) {
                throw new ApiException(
                    404, "no environment '" + b + "' in " + name(selection), "b");
              }
              Map<String, String> imagesA = images(left);
              Map<String, String> imagesB = images(right);
              JsonArray differ = new JsonArray();
              java.util.TreeSet<String> slots = new java.util.TreeSet<>(imagesA.keySet());
              slots.addAll(imagesB.keySet());
              for (String slot : slots) {
                String ia = imagesA.get(slot);
                String ib = imagesB.get(slot);
                if (!Objects.equals(ia, ib)) {
                  differ.add(new JsonObject().put("container", slot).put("a", ia).put("b", ib));
                }
              }
              String revA = left.get(0).getString("revision");
              String revB = right.get(0).getString("revision");
              return new JsonObject()
                  .put("application", name(selection))
                  .put("a", summary(a, left.get(0)))
                  .put("b", summary(b, right.get(0)))
                  .put("revisionDiffers", !Objects.equals(revA, revB))
                  .put("images", differ)
                  .put("same", Objects.equals(revA, revB) && differ.isEmpty());
            });
  }

  private static JsonObject summary(String env, JsonObject row) {
    return new JsonObject()
        .put("environment", env)
        .put("revision", row.getString("revision"))
        .put("commitMessage", row.getString("commitMessage"));
  }

  private static List<JsonObject> rowsOf(List<JsonObject> rows, String env) {
    return rows.stream().filter(r -> env.equals(r.getString("environment"))).toList();
  }

  private static Map<String, String> images(List<JsonObject> rows) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonObject r : rows) {
      for (Object o : r.getJsonArray("images")) {
        JsonObject i = (JsonObject) o;
        out.put(i.getString("slot"), i.getString("image"));
      }
    }
    return out;
  }

  private static String name(Selection s) {
    if (s.equals(Selection.ALL)) {
      return "*";
    }
    return s.appSet() != null
        ? s.appSet()
        : s.labels().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .reduce((x, y) -> x + "," + y)
            .orElse("");
  }

  private Future<List<JsonObject>> rows(TenantId tenant, Selection selection, String by) {
    AppStore.Filter filter = new AppStore.Filter(null, null, null, null, selection.filter());
    return apps.allMatching(tenant, filter)
        .compose(found -> lastSyncs(found).map(synced -> Map.entry(found, synced)))
        .compose(
            both -> {
              List<AppStore.Labeled> found = both.getKey();
              Map<AppId, Instant> synced = both.getValue();
              List<Future<JsonObject>> rows = new ArrayList<>();
              for (AppStore.Labeled a : found) {
                rows.add(row(a.app(), by, synced.get(a.app().id())));
              }
              return Future.all(rows)
                  .map(
                      all -> {
                        List<JsonObject> out = new ArrayList<>();
                        for (int i = 0; i < rows.size(); i++) {
                          out.add(all.resultAt(i));
                        }
                        out.sort(
                            Comparator.comparing((JsonObject r) -> r.getString("environment"))
                                .thenComparing(r -> r.getString("app")));
                        return out;
                      });
            });
  }

  private Future<Map<AppId, Instant>> lastSyncs(List<AppStore.Labeled> found) {
    if (found.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return operations
        .pages(found.stream().map(a -> a.app().id()).toList(), Long.MAX_VALUE, 1)
        .map(
            pages -> {
              Map<AppId, Instant> out = new LinkedHashMap<>();
              pages.forEach(
                  (id, rows) -> {
                    if (!rows.isEmpty()) {
                      OperationStore.OperationRow r = rows.get(0);
                      out.put(id, r.finishedAt() != null ? r.finishedAt() : r.startedAt());
                    }
                  });
              return out;
            });
  }

  private Future<JsonObject> row(App app, String by, Instant lastSync) {
    String cluster = app.spec().destination().cluster().value();
    String environment =
        "cluster".equals(by) ? cluster : clusterLabels.of(cluster).getOrDefault(by, cluster);
    List<WorkloadImages.Image> images =
        clusters
            .get(app.spec().destination().cluster())
            .map(c -> WorkloadImages.of(c.liveObjectsOf(app.id())))
            .orElse(List.of());
    String revision = app.status() == null ? null : app.status().revision();
    JsonArray imageJson = new JsonArray();
    for (WorkloadImages.Image i : images) {
      imageJson.add(
          new JsonObject()
              .put("kind", i.kind())
              .put("name", i.name())
              .put("container", i.container())
              .put("init", i.init())
              .put("image", i.image())
              .put("slot", i.slot()));
    }
    Instant changed = lastChanged(app.id(), revision + "\n" + imageJson.encode(), lastSync, app);
    Future<String> subject =
        revision == null
            ? Future.succeededFuture("")
            : git.commitSubject(TenantRepo.of(app.spec()), revision);
    return subject.map(
        message ->
            new JsonObject()
                .put("environment", environment)
                .put("app", app.id().name())
                .put("cluster", cluster)
                .put("namespace", app.spec().destination().namespace())
                .put("revision", revision)
                .put("commitMessage", message)
                .put("images", imageJson)
                .put("sync", app.status() == null ? "Unknown" : app.status().sync().label())
                .put("health", app.status() == null ? "Unknown" : app.status().health().label())
                .put("lastChanged", changed == null ? null : changed.toString()));
  }

  /**
   * The last sync, or the moment this service first saw the row's current revision and images if
   * that is later (a hand change on the cluster is a change too).
   */
  private Instant lastChanged(AppId id, String fingerprint, Instant lastSync, App app) {
    Seen before = seen.get(id);
    Instant fallback =
        lastSync != null ? lastSync : app.status() == null ? null : app.status().reconciledAt();
    if (before == null) {
      seen.put(id, new Seen(fingerprint, fallback == null ? Instant.now() : fallback));
      return fallback;
    }
    if (!before.fingerprint().equals(fingerprint)) {
      Instant now = Instant.now();
      seen.put(id, new Seen(fingerprint, now));
      return lastSync != null && lastSync.isAfter(now) ? lastSync : now;
    }
    return lastSync != null && lastSync.isAfter(before.since()) ? lastSync : before.since();
  }
}
