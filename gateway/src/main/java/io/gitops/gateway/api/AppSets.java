package io.gitops.gateway.api;

import io.gitops.gateway.api.rest.RequestValidation;
import io.gitops.gateway.appset.AppSetSpec;
import io.gitops.gateway.appset.Generation;
import io.gitops.gateway.appset.Generator;
import io.gitops.gateway.appset.GeneratorInputs;
import io.gitops.gateway.appset.RolloutStep;
import io.gitops.gateway.appset.Template;
import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.cluster.ClusterLabels;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.codec.AppJson;
import io.gitops.gateway.codec.InvalidSpecException;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.source.GitSources;
import io.gitops.gateway.source.TenantRepo;
import io.gitops.gateway.store.AppSetStore;
import io.gitops.gateway.store.AppStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * App sets: a template app plus generators that create, update and delete apps as their inputs
 * change (a set written, a cluster relabelled, a directory added in Git, a step of a rollout turned
 * Healthy). Each set's generation runs one at a time on this service's context; a burst of triggers
 * collapses into one pending run.
 *
 * <p>Every generated app goes through exactly what a hand-made one does: the rendered body is
 * checked against the OpenAPI schema of {@code POST …/apps} and its text rules, parsed by the same
 * code, and written by {@link AppService#writeGenerated} with the tenant's sources, destinations,
 * cluster and quota checks. What fails is reported in the set's status, never created.
 */
public final class AppSets extends io.vertx.core.VerticleBase {
  /** The label that marks an app as made by a set (its value: the set's name). */
  public static final String OWNER_LABEL = "gitops.io/appset";

  private static final Logger LOG = Logger.getLogger(AppSets.class.getName());
  private static final String CREATE_APP = "post /tenants/{tenant}/apps";
  private static final long GIT_REFETCH_MS = 30_000;
  private static final long RESYNC_MS = 10_000;
  private static final int WRITES_AT_ONCE = 8;
  private static final int MAX_PARSED_BODIES = 10_000;

  /** A set's identity. */
  public record Key(TenantId tenant, String name) {}

  private final AppSetStore store;
  private final AppService apps;
  private final AppStore appStore;
  private final Clusters clusters;
  private final ClusterLabels labels;
  private final GitSources git;
  private final RequestValidation validation;

  private final Map<Key, AppSetSpec> specs = new ConcurrentHashMap<>();
  private final Set<Key> running = new HashSet<>();
  private final Set<Key> pending = new HashSet<>();
  private final Map<AppId, Key> owners = new ConcurrentHashMap<>();
  private final Map<AppId, Instant> writtenAt = new HashMap<>();
  private final Map<String, Long> fetchedAt = new HashMap<>();
  private final Map<Key, List<Promise<Void>>> waiting = new HashMap<>();
  private final Map<Key, Map<String, Wanted>> parsedBodies = new HashMap<>();
  private long timer = -1;

  AppSets(
      AppSetStore store,
      AppService apps,
      AppStore appStore,
      Clusters clusters,
      ClusterLabels labels,
      GitSources git,
      RequestValidation validation) {
    this.store = store;
    this.apps = apps;
    this.appStore = appStore;
    this.clusters = clusters;
    this.labels = labels;
    this.git = git;
    this.validation = validation;
  }

  private BooleanSupplier leads = () -> true;
  private boolean replicated;

  /** Loads the stored sets and starts following their inputs, on this verticle's own context. */
  @Override
  public Future<?> start() {
    Promise<Void> started = Promise.promise();
    context.runOnContext(
        v ->
            store
                .listAll()
                .onSuccess(
                    all -> {
                      for (AppSetStore.Stored s : all) {
                        try {
                          specs.put(new Key(s.tenant(), s.name()), AppSetSpec.parse(s.spec()));
                        } catch (AppSetSpec.Invalid e) {
                          LOG.warning("stored app set " + s.name() + " no longer parses: " + e);
                        }
                      }
                      labels.onChange(() -> context.runOnContext(x -> scheduleAll()));
                      vertx
                          .eventBus()
                          .<Messages.StatusChanged>localConsumer(
                              Addresses.APP_STATUS,
                              m -> {
                                Key owner = owners.get(m.body().app());
                                if (owner != null && hasSteps(owner) && leads.getAsBoolean()) {
                                  schedule(owner);
                                }
                              });
                      timer = vertx.setPeriodic(RESYNC_MS, id -> scheduleAll());
                      scheduleAll();
                      started.complete();
                    })
                .onFailure(started::fail));
    return started.future();
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Future.succeededFuture();
  }

  private boolean hasSteps(Key key) {
    AppSetSpec spec = specs.get(key);
    return spec != null && !spec.steps().isEmpty();
  }

  // ---- the API's side

  /** Parses, stores and generates once; the answer is the set with the status that run reached. */
  public Future<AppSetStore.Written> put(TenantId tenant, String name, JsonObject body) {
    AppSetSpec spec;
    try {
      spec = AppSetSpec.parse(body);
    } catch (AppSetSpec.Invalid e) {
      return Future.failedFuture(new ApiException(400, e.getMessage(), e.field()));
    }
    Key key = new Key(tenant, name);
    return store
        .put(tenant, name, body)
        .compose(
            written -> {
              specs.put(key, spec);
              return onContext(
                      () -> {
                        parsedBodies.remove(key); // the steps may have changed
                        return runNow(key);
                      })
                  .map(written);
            });
  }

  public Future<Optional<JsonObject>> get(TenantId tenant, String name) {
    return store.get(tenant, name).map(found -> found.map(AppSets::json));
  }

  public Future<JsonArray> list(TenantId tenant) {
    return store
        .list(tenant)
        .map(
            all -> {
              JsonArray out = new JsonArray();
              all.forEach(s -> out.add(json(s)));
              return out;
            });
  }

  /**
   * Deletes the set; its apps are deleted too unless {@code keepApps} (or the set's {@code
   * syncPolicy.preserveResourcesOnDeletion}), in which case they lose the owner label and stay as
   * hand-made apps.
   */
  public Future<Boolean> delete(TenantId tenant, String name, boolean keepApps) {
    Key key = new Key(tenant, name);
    AppSetSpec spec = specs.get(key);
    boolean keep = keepApps || (spec != null && spec.preserveResourcesOnDeletion());
    return store
        .delete(tenant, name)
        .compose(
            deleted -> {
              if (!deleted) {
                return Future.succeededFuture(false);
              }
              specs.remove(key);
              context.runOnContext(v -> parsedBodies.remove(key));
              return owned(key)
                  .compose(
                      mine -> {
                        Future<Void> chain = Future.succeededFuture();
                        for (AppStore.Labeled a : mine) {
                          AppId id = a.app().id();
                          owners.remove(id);
                          // one app that cannot go (its objects refused deletion: the audit
                          // log says why) does not keep the set's other apps
                          chain =
                              chain.compose(
                                  v ->
                                      (keep
                                              ? apps.relabel(id, withoutOwner(a.labels()))
                                              : apps.deleteGenerated(id, subject(key)))
                                          .recover(
                                              err -> {
                                                LOG.warning(
                                                    "app set "
                                                        + name
                                                        + ": app "
                                                        + id.name()
                                                        + " not let go: "
                                                        + err.getMessage());
                                                return Future.succeededFuture();
                                              }));
                        }
                        return chain.map(true);
                      });
            });
  }

  private static Map<String, String> withoutOwner(Map<String, String> labels) {
    Map<String, String> out = new LinkedHashMap<>(labels);
    out.remove(OWNER_LABEL);
    return out;
  }

  // ---- scheduling: one run per set at a time, triggers during a run collapse into one more

  private <T> Future<T> onContext(Supplier<Future<T>> work) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(p));
    return p.future();
  }

  private void scheduleAll() {
    if (!leads.getAsBoolean()) {
      return;
    }
    if (!replicated) {
      specs.keySet().forEach(this::schedule);
      return;
    }
    // Several replicas: sets written through another replica are read from the database
    store
        .listAll()
        .onSuccess(
            all -> {
              Map<Key, AppSetSpec> now = new HashMap<>();
              for (AppSetStore.Stored s : all) {
                try {
                  now.put(new Key(s.tenant(), s.name()), AppSetSpec.parse(s.spec()));
                } catch (AppSetSpec.Invalid e) {
                  LOG.warning("stored app set " + s.name() + " no longer parses: " + e);
                }
              }
              specs.keySet().retainAll(now.keySet());
              specs.putAll(now);
              specs.keySet().forEach(this::schedule);
            })
        .onFailure(err -> LOG.warning("app sets not reloaded: " + err.getMessage()));
  }

  /**
   * Several replicas: only the one {@code leads} names follows the sets' inputs in the background
   * (relabels, Git directories, rollout steps, the periodic run), reading the sets from the
   * database each time; a set written through any replica is generated at once by that replica.
   */
  public AppSets ledBy(BooleanSupplier leads) {
    this.leads = leads;
    this.replicated = true;
    return this;
  }

  /** On the context: runs now, or once more after the running one. */
  private void schedule(Key key) {
    if (Vertx.currentContext() != context) {
      context.runOnContext(v -> schedule(key));
      return;
    }
    if (running.contains(key)) {
      pending.add(key);
      return;
    }
    running.add(key);
    generate(key)
        .onComplete(
            r -> {
              if (r.failed()) {
                LOG.warning("app set " + key.name() + ": " + r.cause());
              }
              running.remove(key);
              List<Promise<Void>> done = waiting.remove(key);
              if (done != null) {
                done.forEach(Promise::tryComplete);
              }
              if (pending.remove(key)) {
                schedule(key);
              }
            });
  }

  /** A run that starts after this call (so it sees the latest spec); completes when it ended. */
  private Future<Void> runNow(Key key) {
    Promise<Void> p = Promise.promise();
    if (running.contains(key)) {
      pending.add(key);
    }
    waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
    if (!running.contains(key)) {
      schedule(key);
    }
    return p.future();
  }

  // ---- one run

  /** One app the set wants: its spec and labels, its rollout step. */
  private record Wanted(AppSpec spec, Map<String, String> labels, int step) {}

  private Future<Void> generate(Key key) {
    AppSetSpec spec = specs.get(key);
    if (spec == null || !apps.tenantExists(key.tenant())) {
      // a tenant removed from the files: its apps stay as they are, nothing is generated
      return Future.succeededFuture();
    }
    JsonObject status = new JsonObject();
    JsonArray refused = new JsonArray();
    return inputs(key.tenant(), spec)
        .compose(
            in -> {
              List<Map<String, String>> params = Generation.run(spec.generators(), in);
              return candidates(key, spec, params, refused);
            })
        .compose(
            wanted ->
                owned(key).compose(mine -> converge(key, spec, wanted, mine, status, refused)))
        .recover(
            err -> {
              status.put(
                  "error",
                  err instanceof Generation.Failed
                          || err instanceof ApiException
                          || err instanceof java.io.IOException
                      ? err.getMessage()
                      : "generation failed: " + err);
              return Future.succeededFuture();
            })
        .compose(
            v -> {
              status.put("refused", refused).put("generatedAt", Instant.now().toString());
              return specs.containsKey(key)
                  ? store.status(key.tenant(), key.name(), status)
                  : Future.succeededFuture();
            });
  }

  /** The clusters with their labels and, for each Git generator, the repository's directories. */
  private Future<GeneratorInputs> inputs(TenantId tenant, AppSetSpec spec) {
    Map<String, Map<String, String>> byCluster = new LinkedHashMap<>();
    for (ClusterConnection c : clusters.all()) {
      byCluster.put(c.id().value(), labels.of(c.id().value()));
    }
    List<Generator.GitDirectories> gits = new ArrayList<>();
    spec.generators().forEach(g -> collectGit(g, gits));
    Map<GeneratorInputs.RepoAt, List<String>> dirs = new ConcurrentHashMap<>();
    Future<Void> all = Future.succeededFuture();
    for (Generator.GitDirectories g : gits) {
      all =
          all.compose(
              v ->
                  directories(tenant, g)
                      .map(
                          d -> {
                            dirs.put(new GeneratorInputs.RepoAt(g.repoUrl(), g.revision()), d);
                            return null;
                          }));
    }
    return all.map(v -> new GeneratorInputs(byCluster, dirs));
  }

  private static void collectGit(Generator g, List<Generator.GitDirectories> out) {
    if (g instanceof Generator.GitDirectories d) {
      out.add(d);
    } else if (g instanceof Generator.Matrix m) {
      collectGit(m.first(), out);
      collectGit(m.second(), out);
    }
  }

  /**
   * The repository as the tenant's own apps read it: the tenant's sourceRepos, the URL policy and
   * the tenant's credentials all apply (the fetch checks them every time).
   */
  private Future<List<String>> directories(TenantId tenant, Generator.GitDirectories g) {
    TenantRepo repo = new TenantRepo(tenant, g.repoUrl());
    String mirror = tenant.value() + "\0" + g.repoUrl();
    long now = System.currentTimeMillis();
    Long last = fetchedAt.get(mirror);
    Future<Void> fresh;
    if (last != null && now - last < GIT_REFETCH_MS) {
      fresh = Future.succeededFuture();
    } else {
      fetchedAt.put(mirror, now);
      fresh = git.fetch(repo);
    }
    return fresh
        .compose(v -> git.snapshot(repo, g.revision()))
        .map(snapshot -> Generation.directoriesOf(snapshot.files().list("")));
  }

  /**
   * Renders the template once per parameter set and checks each result as a hand-made create; what
   * fails goes to {@code refused} with its reason and never further.
   */
  private Future<Map<String, Wanted>> candidates(
      Key key, AppSetSpec spec, List<Map<String, String>> params, JsonArray refused) {
    Map<String, Wanted> wanted = new LinkedHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (Map<String, String> p : params) {
      chain =
          chain.compose(
              v ->
                  candidate(key, spec, p)
                      .map(
                          w -> {
                            String name = w.spec().id().name();
                            if (wanted.containsKey(name)) {
                              refused.add(
                                  refusal(
                                      name,
                                      p,
                                      "template.name",
                                      "generated twice: give each app its own name (e.g. with {{cluster}})"));
                            } else {
                              wanted.put(name, w);
                            }
                            return (Void) null;
                          })
                      .recover(
                          err -> {
                            refused.add(refusalOf(p, err));
                            return Future.succeededFuture();
                          }));
    }
    return chain.map(wanted);
  }

  private Future<Wanted> candidate(Key key, AppSetSpec spec, Map<String, String> params) {
    JsonObject body;
    try {
      body = Template.render(spec.template(), params);
    } catch (Template.MissingParameter e) {
      return Future.failedFuture(new ApiException(400, e.getMessage(), "template"));
    }
    // the set names its apps: a template's own owner label is replaced, not trusted
    JsonObject appLabels =
        body.getValue("labels") instanceof JsonObject l ? l.copy() : new JsonObject();
    appLabels.put(OWNER_LABEL, key.name());
    body.put("labels", appLabels);
    // The schema and parser see each distinct rendered body once: a set over 200 clusters is
    // re-generated every 10 s, and the same bodies need not be validated again. The tenant's
    // rules, which a tenant file edit can change, are checked on every run.
    String rendered = body.encode();
    Map<String, Wanted> seen = parsedBodies.computeIfAbsent(key, k -> new HashMap<>());
    Wanted known = seen.get(rendered);
    Future<Wanted> parsed =
        known != null
            ? Future.succeededFuture(known)
            : validation
                .checkBody(CREATE_APP, Map.of("tenant", key.tenant().value()), body)
                .map(
                    v -> {
                      AppBody b = AppBody.parse(body, true);
                      AppSpec app = b.spec(b.id(key.tenant(), null));
                      Wanted w =
                          new Wanted(app, b.labels(), RolloutStep.of(spec.steps(), b.labels()));
                      if (seen.size() >= MAX_PARSED_BODIES) {
                        seen.clear();
                      }
                      seen.put(rendered, w);
                      return w;
                    });
    return parsed.map(
        w -> {
          apps.checkAllowedForSet(w.spec());
          return w;
        });
  }

  private static JsonObject refusalOf(Map<String, String> params, Throwable err) {
    String field = null;
    String reason = String.valueOf(err.getMessage());
    if (err instanceof ApiException a) {
      field = a.field();
      reason = a.getMessage();
    } else if (err instanceof InvalidSpecException s) {
      field = s.field();
    }
    return refusal(null, params, field, reason);
  }

  private static JsonObject refusal(
      String name, Map<String, String> params, String field, String reason) {
    JsonObject params1 = new JsonObject();
    new java.util.TreeMap<>(params).forEach(params1::put);
    return new JsonObject()
        .put("name", name)
        .put("params", params1)
        .put("field", field)
        .put("reason", reason);
  }

  /** The apps this set made, with their labels. */
  private Future<List<AppStore.Labeled>> owned(Key key) {
    return appStore.allMatching(
        key.tenant(), new AppStore.Filter(null, null, null, null, Map.of(OWNER_LABEL, key.name())));
  }

  /**
   * Makes the set's apps what it wants: deletes those it no longer generates, then creates and
   * updates step by step; a later step only once every app of the earlier ones is Synced and
   * Healthy after its last write, and none once a step turned Degraded.
   */
  private Future<Void> converge(
      Key key,
      AppSetSpec spec,
      Map<String, Wanted> wanted,
      List<AppStore.Labeled> mine,
      JsonObject status,
      JsonArray refused) {
    Map<String, AppStore.Labeled> current = new LinkedHashMap<>();
    mine.forEach(a -> current.put(a.app().id().name(), a));
    List<Supplier<Future<Void>>> deletes = new ArrayList<>();
    List<Supplier<Future<Void>>> writes = new ArrayList<>();
    for (AppStore.Labeled a : mine) {
      AppId id = a.app().id();
      owners.put(id, key);
      if (!wanted.containsKey(id.name()) && !refusedByName(refused, id.name())) {
        owners.remove(id);
        writtenAt.remove(id);
        deletes.add(() -> apps.deleteGenerated(id, subject(key)));
      }
    }
    int lastStep = spec.steps().isEmpty() ? 0 : spec.steps().size();
    JsonArray listed = new JsonArray();
    boolean blocked = false;
    JsonObject rollout = null;
    for (int step = 0; step <= lastStep; step++) {
      List<Wanted> inStep = new ArrayList<>();
      for (Wanted w : wanted.values()) {
        if (w.step() == step) {
          inStep.add(w);
        }
      }
      boolean stepReady = true;
      String degraded = null;
      for (Wanted w : inStep) {
        AppStore.Labeled now = current.get(w.spec().id().name());
        String state;
        if (blocked) {
          state = now == null ? "Waiting" : "Held";
          stepReady = false;
        } else if (now == null || changed(now, w)) {
          state = now == null ? "Created" : "Updated";
          stepReady = false;
          writes.add(() -> write(key, w, now != null, refused));
        } else {
          state = "Unchanged";
          App app = now.app();
          if (!settled(app)) {
            stepReady = false;
          }
          if (app.status() != null
              && app.status().health() == HealthStatus.DEGRADED
              && afterWrite(app)) {
            degraded = app.id().name();
          }
        }
        listed.add(appJson(w, now, state));
      }
      if (!spec.steps().isEmpty() && !blocked) {
        if (degraded != null) {
          rollout =
              rollout(
                  step,
                  spec,
                  "Stopped",
                  "app " + degraded + " is Degraded; later steps wait until it is Healthy");
          blocked = true;
        } else if (!stepReady) {
          rollout =
              rollout(
                  step,
                  spec,
                  "Progressing",
                  "waiting for step " + (step + 1) + " to be Synced and Healthy");
          blocked = true;
        }
      }
    }
    if (!spec.steps().isEmpty() && rollout == null) {
      rollout = new JsonObject().put("state", "Complete").put("steps", spec.steps().size());
    }
    status.put("apps", listed).put("rollout", rollout);
    return bounded(deletes, WRITES_AT_ONCE).compose(v -> bounded(writes, WRITES_AT_ONCE));
  }

  /**
   * Runs the tasks, at most {@code parallel} at once, on this context; completes when every one
   * ended (each task handles its own failure). A set over 200 clusters writes 200 apps: one at a
   * time the PUT took 50 s, each write waiting on its database and DNS round trips.
   */
  private static Future<Void> bounded(List<Supplier<Future<Void>>> tasks, int parallel) {
    if (tasks.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    int[] next = {0};
    int[] finished = {0};
    Runnable[] startNext = new Runnable[1];
    startNext[0] =
        () -> {
          if (next[0] >= tasks.size()) {
            return;
          }
          Future<Void> task;
          try {
            task = tasks.get(next[0]++).get();
          } catch (RuntimeException e) {
            task = Future.failedFuture(e);
          }
          task.onComplete(
              r -> {
                if (++finished[0] == tasks.size()) {
                  done.complete();
                } else {
                  startNext[0].run();
                }
              });
        };
    for (int k = 0; k < Math.min(parallel, tasks.size()); k++) {
      startNext[0].run();
    }
    return done.future();
  }

  private static JsonObject rollout(int step, AppSetSpec spec, String state, String reason) {
    return new JsonObject()
        .put("state", state)
        .put("step", Math.min(step + 1, spec.steps().size()))
        .put("steps", spec.steps().size())
        .put("reason", reason);
  }

  private static boolean refusedByName(JsonArray refused, String name) {
    for (Object o : refused) {
      if (name.equals(((JsonObject) o).getString("name"))) {
        return true;
      }
    }
    return false;
  }

  private Future<Void> write(Key key, Wanted w, boolean exists, JsonArray refused) {
    AppId id = w.spec().id();
    // before the write: the reconcile it starts may report before the write's future completes
    Instant before = Instant.now();
    return apps.writeGenerated(vertx, w.spec(), w.labels(), exists, subject(key))
        .map(
            v -> {
              owners.put(id, key);
              writtenAt.put(id, before);
              return (Void) null;
            })
        .recover(
            err -> {
              JsonObject r = refusalOf(Map.of(), err).put("name", id.name());
              refused.add(r);
              return Future.succeededFuture();
            });
  }

  private static boolean changed(AppStore.Labeled now, Wanted w) {
    return !AppJson.specJson(now.app().spec()).equals(AppJson.specJson(w.spec()))
        || !now.labels().equals(w.labels());
  }

  /** Synced and Healthy in a reconcile after this service last wrote it. */
  private boolean settled(App app) {
    return app.status() != null
        && app.status().sync() == SyncStatus.SYNCED
        && app.status().health() == HealthStatus.HEALTHY
        && afterWrite(app);
  }

  private boolean afterWrite(App app) {
    Instant written = writtenAt.get(app.id());
    Instant seen = app.status() == null ? null : app.status().reconciledAt();
    return written == null || (seen != null && seen.isAfter(written));
  }

  private static JsonObject appJson(Wanted w, AppStore.Labeled now, String state) {
    JsonObject out =
        new JsonObject()
            .put("name", w.spec().id().name())
            .put("cluster", w.spec().destination().cluster().value())
            .put("namespace", w.spec().destination().namespace())
            .put("step", w.step() + 1)
            .put("state", state);
    if (now != null && now.app().status() != null) {
      out.put("sync", now.app().status().sync().label())
          .put("health", now.app().status().health().label());
    }
    return out;
  }

  private static String subject(Key key) {
    return "appset:" + key.name();
  }

  static JsonObject json(AppSetStore.Stored s) {
    return new JsonObject()
        .put("name", s.name())
        .put("tenant", s.tenant().value())
        .put("version", s.version())
        .put("spec", s.spec())
        .put("status", s.status());
  }
}
