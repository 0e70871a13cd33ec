package io.gitops.gateway.api;

import io.gitops.gateway.api.feed.StatusFeed;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.codec.ArgoApplications;
import io.gitops.gateway.codec.InvalidSpecException;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.Propagation;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.reconcile.AppControl;
import io.gitops.gateway.reconcile.Intent;
import io.gitops.gateway.reconcile.SyncWindowClosedException;
import io.gitops.gateway.source.RepoUrl;
import io.gitops.gateway.source.RepoUrls;
import io.gitops.gateway.store.AppStore;
import io.gitops.gateway.store.AuditStore;
import io.gitops.gateway.sync.AppDeletion;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Tenant;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What REST and GraphQL both do to apps: one implementation, so both check the tenant's rules,
 * audit, and tell the reconcile loop and the live feed the same way. Callers authorise first.
 */
public final class AppService {
  /**
   * An app after a write; {@code created} tells 201 from 200, {@code replayed} an idempotent retry.
   */
  public record Written(AppStore.Labeled app, boolean created, boolean replayed) {}

  private final Access access;
  private final AppStore store;
  private final AppControl loop;
  private final Clusters clusters;
  private final Audit audit;
  private final StatusFeed feed;

  AppService(
      Access access,
      AppStore store,
      AppControl loop,
      Clusters clusters,
      AuditStore audit,
      StatusFeed feed) {
    this.access = access;
    this.store = store;
    this.loop = loop;
    this.clusters = clusters;
    this.audit = new Audit(audit);
    this.feed = feed;
  }

  public Future<AppStore.Page> page(TenantId tenant, AppQuery query) {
    return store.page(tenant, query.filter(), query.after(), query.limit());
  }

  public Future<AppStore.Labeled> get(AppId id) {
    return found(store.get(id), id)
        .compose(app -> store.labels(id).map(labels -> new AppStore.Labeled(app, labels)));
  }

  /**
   * The app's per-object diff from its last comparison: verdict, changed paths, and a unified diff
   * with Secret values redacted.
   */
  public Future<io.vertx.core.json.JsonArray> diff(AppId id) {
    return found(store.get(id), id).compose(app -> lastDiff(id));
  }

  /**
   * {@link #diff} of an app the caller has just read: from the loop's memory, no query (GraphQL's
   * App.diff batches a page of apps through this).
   */
  public Future<io.vertx.core.json.JsonArray> lastDiff(AppId id) {
    return loop.lastDiff(id);
  }

  /**
   * Creates once per client key: a retry with the same key and body answers as the first call did.
   */
  public Future<Written> create(RoutingContext ctx, TenantId tenant, AppBody body, String key) {
    AppId id = body.id(tenant, null);
    AppSpec spec = body.spec(id);
    checkAllowed(spec);
    if (key == null) {
      return sourceAdmitted(ctx.vertx(), spec).compose(ok -> insert(ctx, spec, body));
    }
    if (key.isBlank() || key.length() > 200) {
      throw new ApiException(400, "must be 1 to 200 characters", "Idempotency-Key");
    }
    AppStore.KeyUse use = new AppStore.KeyUse(body.hash(), id.name());
    return sourceAdmitted(ctx.vertx(), spec)
        .compose(ok -> store.keyUse(tenant, key))
        .compose(
            seen ->
                seen.isPresent()
                    ? replay(seen.get(), use, id)
                    : insert(ctx, spec, body)
                        .compose(w -> store.rememberKey(tenant, key, use).map(w))
                        .recover(
                            err ->
                                store
                                    .keyUse(tenant, key)
                                    .compose(
                                        raced ->
                                            raced.isPresent()
                                                ? replay(raced.get(), use, id)
                                                : Future.failedFuture(err))));
  }

  /** One app of an import, checked: its spec, labels, and what the YAML had that was left out. */
  public record ImportedApp(
      AppSpec spec, Map<String, String> labels, java.util.List<ArgoApplications.Skipped> ignored) {}

  /**
   * Argo CD Applications become apps of {@code tenant}: every one checked as a create would be
   * (spec, sourceRepos, destinations, cluster, the URL's host, quotas, names free), then all
   * created in one transaction, or none. With {@code dryRun} nothing is written.
   */
  public Future<java.util.List<ImportedApp>> importAll(
      RoutingContext ctx,
      TenantId tenant,
      java.util.List<ArgoApplications.Imported> imported,
      boolean dryRun) {
    java.util.List<ImportedApp> apps = new java.util.ArrayList<>();
    java.util.Set<String> names = new java.util.HashSet<>();
    for (var one : imported) {
      ImportedApp app = checkedImport(tenant, one);
      if (!names.add(app.spec().id().name())) {
        throw new ApiException(
            400,
            "Application " + app.spec().id().name() + " is given twice; nothing was imported",
            "metadata.name");
      }
      apps.add(app);
    }
    Future<Void> admitted = Future.succeededFuture();
    for (ImportedApp app : apps) {
      admitted = admitted.compose(v -> sourceAdmitted(ctx.vertx(), app.spec()));
    }
    return admitted
        .compose(v -> withinQuota(apps.stream().map(ImportedApp::spec).toList()))
        .compose(
            v ->
                dryRun
                    ? namesFree(apps)
                    : store
                        .createAll(
                            apps.stream().map(ImportedApp::spec).toList(),
                            apps.stream().map(ImportedApp::labels).toList())
                        .recover(
                            err ->
                                Future.failedFuture(
                                    err instanceof AppStore.NameTaken taken
                                        ? new ApiException(
                                            409,
                                            taken.getMessage() + "; nothing was imported",
                                            "metadata.name")
                                        : err))
                        .compose(created -> announceImported(ctx, apps)))
        .map(apps);
  }

  private ImportedApp checkedImport(TenantId tenant, ArgoApplications.Imported one) {
    try {
      ClientText.check(one.body(), "");
      AppBody body = AppBody.parse(one.body(), true);
      AppId id = body.id(tenant, null);
      AppSpec spec = body.spec(id);
      checkAllowed(spec);
      return new ImportedApp(spec, body.labels() == null ? Map.of() : body.labels(), one.ignored());
    } catch (InvalidSpecException e) {
      throw new ApiException(
          400,
          "Application " + one.name() + ": " + e.getMessage() + "; nothing was imported",
          e.field());
    } catch (ApiException e) {
      throw new ApiException(
          e.status(),
          "Application " + one.name() + ": " + e.getMessage() + "; nothing was imported",
          e.field());
    }
  }

  /** A dry run says now what the import would meet: a name that is taken. */
  private Future<Void> namesFree(java.util.List<ImportedApp> apps) {
    Future<Void> chain = Future.succeededFuture();
    for (ImportedApp app : apps) {
      chain =
          chain.compose(
              v ->
                  store
                      .get(app.spec().id())
                      .compose(
                          existing ->
                              existing.isPresent()
                                  ? Future.failedFuture(
                                      new ApiException(
                                          409,
                                          "app " + app.spec().id().name() + " already exists",
                                          "metadata.name"))
                                  : Future.<Void>succeededFuture()));
    }
    return chain;
  }

  private Future<Void> announceImported(RoutingContext ctx, java.util.List<ImportedApp> apps) {
    Future<Void> chain = Future.succeededFuture();
    for (ImportedApp app : apps) {
      chain = chain.compose(v -> written(ctx, app.spec().id(), "app.imported", true).mapEmpty());
    }
    return chain;
  }

  /** Replaces the spec; with {@code expected} (If-Match or body version) only from that version. */
  public Future<Written> update(RoutingContext ctx, AppId id, AppBody body, Long expected) {
    AppSpec spec = body.spec(id);
    checkAllowed(spec);
    Long wanted = expected != null ? expected : body.version();
    return sourceAdmitted(ctx.vertx(), spec)
        .compose(ok -> withinQuota(spec))
        .compose(ok -> store.update(spec, body.labels(), wanted))
        .compose(
            version -> {
              if (version.isPresent()) {
                return written(ctx, id, "app.updated", false);
              }
              return store
                  .get(id)
                  .compose(
                      existing -> {
                        if (existing.isPresent()) {
                          return Future.failedFuture(
                              new ApiException(
                                  409,
                                  "version "
                                      + wanted
                                      + " is stale: the app is at version "
                                      + existing.get().version()
                                      + "; read it again and retry",
                                  "version"));
                        }
                        if (wanted != null) {
                          return Future.failedFuture(ApiException.notFound("app " + id.name()));
                        }
                        return insert(ctx, spec, body);
                      });
            });
  }

  public Future<Void> delete(RoutingContext ctx, AppId id) {
    return delete(ctx, id, Propagation.FOREGROUND);
  }

  /**
   * Deletes the app and, unless {@code cascade} is orphan, its objects on the cluster first (Argo
   * CD's default: foreground). The app leaves the reconcile loop before its objects go, so no sync
   * brings them back. If an object cannot be deleted, the app stays (out of the loop) with a status
   * saying which and why, the audit log records the failure, and the answer is a 409 naming it.
   */
  public Future<Void> delete(RoutingContext ctx, AppId id, Propagation cascade) {
    return found(store.get(id), id)
        .compose(
            app ->
                cascade == Propagation.ORPHAN
                    ? Future.succeededFuture(new AppDeletion.Result(List.of(), Map.of(), Map.of()))
                    : loop.deleteObjects(app, cascade)
                        .compose(
                            result ->
                                result.succeeded()
                                    ? Future.succeededFuture(result)
                                    : deletionFailed(ctx, app, cascade, result)))
        .compose(
            result ->
                store
                    .delete(id)
                    .compose(
                        deleted ->
                            deleted
                                ? audit.record(
                                    ctx,
                                    id.tenant().value(),
                                    "app.deleted",
                                    "app/" + id.name(),
                                    "success",
                                    deletionDetail(cascade, result))
                                : Future.failedFuture(ApiException.notFound("app " + id.name()))))
        .compose(v -> forget(id));
  }

  private Future<AppDeletion.Result> deletionFailed(
      RoutingContext ctx, App app, Propagation cascade, AppDeletion.Result result) {
    String message =
        "deletion (cascade "
            + cascade.label()
            + ") failed: "
            + result.failure()
            + "; the app is kept and not reconciled until it is deleted again or updated";
    AppStatus before = app.status() == null ? AppStatus.unknown("") : app.status();
    AppStatus status =
        new AppStatus(
            before.sync(),
            before.health(),
            before.healthMessage(),
            before.revision(),
            message,
            before.resources(),
            java.time.Instant.now());
    return store
        .updateStatus(app.id(), status)
        .compose(
            v ->
                audit.record(
                    ctx,
                    app.id().tenant().value(),
                    "app.deleted",
                    "app/" + app.id().name(),
                    "failed",
                    deletionDetail(cascade, result)))
        .compose(v -> Future.failedFuture(new ApiException(409, message)));
  }

  private static JsonObject deletionDetail(Propagation cascade, AppDeletion.Result result) {
    JsonObject kept = new JsonObject();
    result.kept().forEach((key, why) -> kept.put(key.toString(), why));
    JsonObject failed = new JsonObject();
    result.failed().forEach((key, why) -> failed.put(key.toString(), why));
    return new JsonObject()
        .put("cascade", cascade.label())
        .put("deleted", new JsonArray(result.deleted().stream().map(Object::toString).toList()))
        .put("kept", kept)
        .put("failed", failed)
        .put("note", result.note());
  }

  public Future<AppStore.Labeled> refresh(RoutingContext ctx, AppId id, boolean sync) {
    String who = BearerAuth.principal(ctx).subject();
    return found(store.get(id), id)
        .compose(
            app ->
                sync
                    ? audit.record(ctx, id, "app.synced", "requested").map(app)
                    : Future.succeededFuture(app))
        .compose(app -> loop.refresh(id, sync ? Intent.syncBy(who) : Intent.OBSERVE))
        .recover(
            err ->
                err instanceof SyncWindowClosedException
                    // a closed sync window refused it (409): the audit log says so after the
                    // request
                    ? audit
                        .record(ctx, id, "app.synced", "refused")
                        .compose(v -> Future.failedFuture(err))
                    : Future.failedFuture(err))
        // The answer is what this request's own reconcile found: the stored status may already be
        // a later reconcile's (the sync's own writes queue one), which would hide a failed sync.
        .compose(
            status ->
                get(id).map(l -> new AppStore.Labeled(withStatus(l.app(), status), l.labels())));
  }

  /**
   * An app set's write of one generated app: exactly the checks of a hand-made create or update
   * (tenant sources, destinations, registered cluster, URL policy, quotas), so a set can never make
   * an app its tenant could not make by hand. Fails with the ApiException a hand-made write would
   * get; the audit log names the set as the subject.
   */
  public Future<Void> writeGenerated(
      io.vertx.core.Vertx vertx,
      AppSpec spec,
      Map<String, String> labels,
      boolean exists,
      String subject) {
    try {
      checkAllowed(spec);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return sourceAdmitted(vertx, spec)
        .compose(ok -> withinQuota(spec))
        .compose(
            ok ->
                exists
                    ? store.update(spec, labels, null)
                    : store
                        .create(spec, labels)
                        .compose(
                            v ->
                                v.isPresent()
                                    ? Future.succeededFuture(v)
                                    : Future.failedFuture(
                                        new ApiException(
                                            409,
                                            "app " + spec.id().name() + " already exists",
                                            "name"))))
        .compose(
            v ->
                audit.recordBy(
                    subject, spec.id(), exists ? "app.updated" : "app.created", "success"))
        .compose(v -> get(spec.id()))
        .map(
            app -> {
              feed.upserted(app.app());
              loop.upserted(app.app());
              return null;
            });
  }

  /**
   * An app set's delete of an app it generated (and no longer generates): as a DELETE with Argo
   * CD's default cascade (foreground), so a set's apps do not leave their objects running. If an
   * object cannot be deleted the app stays (the set tries again on its next run) and the audit log
   * says so.
   */
  public Future<Void> deleteGenerated(AppId id, String subject) {
    return store
        .get(id)
        .compose(
            found ->
                found.isEmpty()
                    ? Future.succeededFuture()
                    : loop.deleteObjects(found.get(), Propagation.FOREGROUND)
                        .compose(
                            result ->
                                result.succeeded()
                                    ? removeGenerated(id, subject)
                                    : audit
                                        .recordBy(subject, id, "app.deleted", "failed")
                                        .compose(
                                            v ->
                                                Future.failedFuture(
                                                    new IllegalStateException(
                                                        "deleting the objects of "
                                                            + id.name()
                                                            + " failed: "
                                                            + result.failure())))));
  }

  private Future<Void> removeGenerated(AppId id, String subject) {
    return store
        .delete(id)
        .compose(
            deleted ->
                deleted
                    ? audit.recordBy(subject, id, "app.deleted", "success")
                    : Future.succeededFuture())
        .compose(v -> forget(id));
  }

  /** A deleted app leaves the live feed and the reconcile loop. */
  private Future<Void> forget(AppId id) {
    feed.removed(id);
    return loop.removed(id);
  }

  /** Relabels an app in place (an app set letting go of the apps it made: keepApps). */
  public Future<Void> relabel(AppId id, Map<String, String> labels) {
    return found(store.get(id), id)
        .compose(app -> store.update(app.spec(), labels, null))
        .compose(v -> get(id))
        .map(
            app -> {
              feed.upserted(app.app());
              return null;
            });
  }

  private static App withStatus(App app, AppStatus status) {
    return new App(app.spec(), app.version(), status);
  }

  private Future<Written> insert(RoutingContext ctx, AppSpec spec, AppBody body) {
    return withinQuota(spec)
        .compose(
            ok ->
                store
                    .create(spec, body.labels() == null ? Map.of() : body.labels())
                    .compose(
                        version ->
                            version.isPresent()
                                ? written(ctx, spec.id(), "app.created", true)
                                : Future.failedFuture(
                                    new ApiException(
                                        409,
                                        "app " + spec.id().name() + " already exists",
                                        "name"))));
  }

  /** The tenant's quotas, counting several new specs one after the other. */
  private Future<Void> withinQuota(java.util.List<AppSpec> specs) {
    Tenant tenant = access.tenant(specs.get(0).id().tenant()).orElseThrow();
    if (tenant.quotas().maxApps() == null && tenant.quotas().maxClusters() == null) {
      return Future.succeededFuture();
    }
    return store
        .list(specs.get(0).id().tenant())
        .compose(
            apps -> {
              java.util.List<AppSpec> after =
                  new java.util.ArrayList<>(apps.stream().map(App::spec).toList());
              for (AppSpec spec : specs) {
                var why = tenant.quotas().exceededBy(after, spec);
                if (why.isPresent()) {
                  return Future.failedFuture(
                      new ApiException(409, why.get() + "; nothing was imported", "quotas"));
                }
                after.add(spec);
              }
              return Future.<Void>succeededFuture();
            });
  }

  /** The tenant's quotas (apps, and what they may deploy) count the new spec against the others. */
  private Future<Void> withinQuota(AppSpec spec) {
    Tenant tenant = access.tenant(spec.id().tenant()).orElseThrow();
    if (tenant.quotas().maxApps() == null && tenant.quotas().maxClusters() == null) {
      // No quota to count against: reading and decoding every app of the tenant on each write
      // made registering N apps cost O(N^2) (loadtest/: 1,000 apps took 230 s to register).
      return Future.succeededFuture();
    }
    return store
        .list(spec.id().tenant())
        .compose(
            apps ->
                tenant
                    .quotas()
                    .exceededBy(apps.stream().map(App::spec).toList(), spec)
                    .map(why -> Future.<Void>failedFuture(new ApiException(409, why, "quotas")))
                    .orElseGet(Future::succeededFuture));
  }

  private Future<Written> written(RoutingContext ctx, AppId id, String action, boolean created) {
    return audit
        .record(ctx, id, action, "success")
        .compose(v -> get(id))
        .map(
            app -> {
              feed.upserted(app.app());
              loop.upserted(app.app());
              return new Written(app, created, false);
            });
  }

  private Future<Written> replay(AppStore.KeyUse seen, AppStore.KeyUse now, AppId id) {
    if (!seen.equals(now)) {
      return Future.failedFuture(
          new ApiException(
              422, "this Idempotency-Key was used with a different request", "Idempotency-Key"));
    }
    return get(id).map(app -> new Written(app, true, true));
  }

  /** False once the tenant's file is gone: its sets then change nothing. */
  boolean tenantExists(TenantId tenant) {
    return access.tenant(tenant).isPresent();
  }

  /** An app set's candidate, checked as {@link #create} checks a hand-made one (ApiException). */
  void checkAllowedForSet(AppSpec spec) {
    checkAllowed(spec);
  }

  private void checkAllowed(AppSpec spec) {
    Tenant tenant = access.tenant(spec.id().tenant()).orElseThrow();
    // Every source of a multi-source app meets the same rules as a single one.
    for (int i = 0; i < spec.allSources().size(); i++) {
      String url = spec.allSources().get(i).repoUrl();
      String field = repoUrlField(spec, i);
      try {
        loop.sources().urlPolicy().parse(url);
      } catch (RepoUrl.Invalid e) {
        throw new ApiException(400, "repository URL " + e.getMessage(), field);
      }
      if (!tenant.allowsSource(url)) {
        throw new ApiException(
            400,
            "repository " + RepoUrls.redact(url) + " is not among the tenant's sourceRepos",
            field);
      }
    }
    String cluster = spec.destination().cluster().value();
    if (clusters.get(spec.destination().cluster()).isEmpty()) {
      throw new ApiException(
          400, "cluster '" + cluster + "' is not registered", "destination.cluster");
    }
    if (!tenant.allowsDestination(cluster, spec.destination().namespace())) {
      throw new ApiException(
          400,
          "destination "
              + cluster
              + "/"
              + spec.destination().namespace()
              + " is not among the tenant's destinations",
          "destination");
    }
  }

  /**
   * The source stage's own check of the URL (local paths, hosts and what they resolve to), the same
   * one every fetch makes; a worker's job, as it may ask DNS.
   */
  private Future<Void> sourceAdmitted(io.vertx.core.Vertx vertx, AppSpec spec) {
    int[] at = {0};
    return vertx
        .<Void>executeBlocking(
            () -> {
              for (; at[0] < spec.allSources().size(); at[0]++) {
                loop.sources().urlPolicy().admit(spec.allSources().get(at[0]).repoUrl());
              }
              return null;
            },
            false)
        .recover(
            err ->
                Future.failedFuture(
                    err instanceof RepoUrl.Invalid
                        ? new ApiException(
                            400, "repository URL " + err.getMessage(), repoUrlField(spec, at[0]))
                        : err));
  }

  private static String repoUrlField(AppSpec spec, int index) {
    return spec.sources().isEmpty() ? "source.repoURL" : "sources[" + index + "].repoURL";
  }

  private static Future<App> found(Future<Optional<App>> lookup, AppId id) {
    return lookup.compose(
        o ->
            o.map(Future::succeededFuture)
                .orElseGet(() -> Future.failedFuture(ApiException.notFound("app " + id.name()))));
  }
}
