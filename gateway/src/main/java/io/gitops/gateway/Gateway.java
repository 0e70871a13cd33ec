package io.gitops.gateway;

import io.gitops.gateway.api.ClusterAdminApi;
import io.gitops.gateway.api.HttpApi;
import io.gitops.gateway.api.HttpListener;
import io.gitops.gateway.api.MetricsEndpoint;
import io.gitops.gateway.api.SyncAudit;
import io.gitops.gateway.api.TenancyApi;
import io.gitops.gateway.auth.ApiTokens;
import io.gitops.gateway.auth.TokenVerifier;
import io.gitops.gateway.bus.BusLiveListener;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.cluster.ClusterLabels;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.config.ClusterConfig;
import io.gitops.gateway.config.GatewayConfig;
import io.gitops.gateway.config.GitAccess;
import io.gitops.gateway.config.RenderConfig;
import io.gitops.gateway.health.HealthAssessor;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.notify.Notifier;
import io.gitops.gateway.notify.WebhookSender;
import io.gitops.gateway.reconcile.AppControl;
import io.gitops.gateway.reconcile.FairRenderPool;
import io.gitops.gateway.reconcile.HealthAssessors;
import io.gitops.gateway.reconcile.Ownership;
import io.gitops.gateway.reconcile.ReconcileLoop;
import io.gitops.gateway.render.HelmWorkers;
import io.gitops.gateway.render.RenderLimits;
import io.gitops.gateway.render.RenderSettings;
import io.gitops.gateway.render.Renderer;
import io.gitops.gateway.replica.OwnerRouting;
import io.gitops.gateway.replica.PartitionOwnership;
import io.gitops.gateway.source.CredentialLookup;
import io.gitops.gateway.source.FetchLimits;
import io.gitops.gateway.source.GitSources;
import io.gitops.gateway.source.RepoUrlPolicy;
import io.gitops.gateway.source.SourceListener;
import io.gitops.gateway.source.SourceOptions;
import io.gitops.gateway.store.AppSetStore;
import io.gitops.gateway.store.AppStore;
import io.gitops.gateway.store.AuditStore;
import io.gitops.gateway.store.ClusterLabelStore;
import io.gitops.gateway.store.ClusterStore;
import io.gitops.gateway.store.CredentialCipher;
import io.gitops.gateway.store.CredentialStore;
import io.gitops.gateway.store.Database;
import io.gitops.gateway.store.FeedEras;
import io.gitops.gateway.store.NotificationStore;
import io.gitops.gateway.store.OperationStore;
import io.gitops.gateway.store.OwnerStore;
import io.gitops.gateway.store.TenantStore;
import io.gitops.gateway.store.TokenStore;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Tenant;
import io.gitops.gateway.tenancy.TenantFiles;
import io.gitops.gateway.tenancy.TenantRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.internal.VertxInternal;
import io.vertx.ext.web.Router;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The whole gateway wired from one configuration, started as one flat chain: tenants → clusters →
 * database → token issuer → reconcile loop → HTTP. Whatever fails stops the start with its reason.
 */
public final class Gateway {
  private static final Logger LOG = Logger.getLogger(Gateway.class.getName());

  private final Vertx vertx;
  private final GatewayConfig config;
  private final GatewayMetrics metrics;
  private WorkerExecutor gitPool;
  private WorkerExecutor renderPool;
  private HelmWorkers helmWorkers;
  private WorkerExecutor kubePool;
  private Access access;
  private HealthAssessor health;
  private long scriptsTimer = -1;
  private Clusters clusters;
  private ClusterLabels clusterLabels;
  private Database database;
  private GitSources git;
  private ReconcileLoop loop;
  private AppControl control;
  private PartitionOwnership partitions;
  private Notifier notifier;
  private String loopDeployment;
  private HttpListener http;
  private HttpListener management;
  private TenantRegistry tenants;
  private Router router;
  private java.time.Clock clock = java.time.Clock.systemUTC();

  private Gateway(Vertx vertx, GatewayConfig config, GatewayMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
  }

  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, GatewayMetrics metrics) {
    return start(vertx, config, metrics, java.time.Clock.systemUTC());
  }

  /**
   * With the clock that sync windows are judged by (tests set it; the gateway runs on the
   * system's).
   */
  public static Future<Gateway> start(
      Vertx vertx, GatewayConfig config, GatewayMetrics metrics, java.time.Clock clock) {
    Gateway g = new Gateway(vertx, config, metrics);
    g.clock = clock;
    return g.startAll()
        .transform(
            r ->
                r.succeeded()
                    ? Future.succeededFuture(g)
                    : g.close().transform(closed -> Future.failedFuture(r.cause())));
  }

  private Future<Void> startAll() {
    Messages.registerCodecs(vertx);
    gitPool = vertx.createSharedWorkerExecutor("git", 4);
    // Twice the slots: a render failed at its deadline frees its slot before its thread is back.
    renderPool = vertx.createSharedWorkerExecutor("render", 2 * renderSettings().concurrency());
    helmWorkers = new HelmWorkers(renderSettings());
    kubePool = vertx.createSharedWorkerExecutor("kube", 16);
    return loadTenants()
        .compose(v -> loadHealthScripts())
        .compose(v -> connectClusters())
        .compose(v -> Database.start(vertx, config.database()).map(db -> database = db))
        .compose(
            v -> TokenVerifier.discover(vertx, config.oidc().issuer(), config.oidc().audience()))
        .compose(this::startLoopAndHttp);
  }

  private Future<Void> loadTenants() {
    return vertx
        .<Map<TenantId, Tenant>>executeBlocking(() -> TenantFiles.load(config.tenantsDir()))
        .map(
            tenants -> {
              access = new Access(tenants, config.security().operatorGroup());
              LOG.info(tenants.size() + " tenants loaded from " + config.tenantsDir());
              return null;
            });
  }

  /**
   * Scripts are read on a worker at start, then re-read every 30 s: an edited folder takes effect
   * live.
   */
  private Future<Void> loadHealthScripts() {
    return vertx
        .executeBlocking(() -> HealthAssessors.scripts(config.healthScriptsDir()))
        .map(
            scripts -> {
              health = HealthAssessors.create(scripts, config.conditionRulesFile());
              if (scripts != null) {
                LOG.info(
                    scripts.scriptCount()
                        + " health scripts loaded from "
                        + config.healthScriptsDir());
                scriptsTimer =
                    vertx.setPeriodic(
                        30_000,
                        id ->
                            vertx
                                .executeBlocking(scripts::reloadIfChanged)
                                .onSuccess(
                                    changed -> {
                                      if (changed) {
                                        LOG.info(
                                            "health scripts reloaded: "
                                                + scripts.scriptCount()
                                                + " scripts; every app is assessed again");
                                        if (loop != null) {
                                          loop.reassessAll();
                                        }
                                      }
                                    })
                                .onFailure(
                                    err ->
                                        LOG.warning(
                                            "health scripts not reloaded, the previous ones stay: "
                                                + err.getMessage())));
              }
              return null;
            });
  }

  private Future<Void> connectClusters() {
    clusters =
        new Clusters(
            vertx, kubePool, new BusLiveListener(vertx, health), config.kube().concurrentLists());
    return vertx
        .executeBlocking(
            () -> {
              clusters.register(config.clusters());
              return null;
            })
        .map(
            v -> {
              clusters
                  .all()
                  .forEach(
                      c ->
                          metrics.cluster(
                              c.id().value(),
                              () -> c.unreachableReason() == null,
                              c::watchedObjects));
              clusters.probeEvery(config.kube().probeInterval(), vertx.getOrCreateContext());
              return null;
            });
  }

  private java.util.Set<String> configuredClusters() {
    return config.clusters().stream()
        .map(ClusterConfig::name)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /**
   * Clusters registered through the API earlier; the configuration file wins over a stored one of
   * the same name.
   */
  private Future<Void> registerStoredClusters(ClusterStore store) {
    if (store == null) {
      return Future.succeededFuture();
    }
    return store
        .loadAll()
        .compose(
            stored ->
                vertx.executeBlocking(
                    () -> {
                      for (ClusterConfig c : stored) {
                        if (configuredClusters().contains(c.name())) {
                          continue;
                        }
                        try {
                          var connection = clusters.add(c, "stored cluster " + c.name());
                          metrics.cluster(
                              c.name(),
                              () -> connection.unreachableReason() == null,
                              connection::watchedObjects);
                        } catch (RuntimeException e) {
                          LOG.warning(
                              "stored cluster " + c.name() + " not registered: " + e.getMessage());
                        }
                      }
                      return null;
                    }));
  }

  private Future<Void> startLoopAndHttp(TokenVerifier verifier) {
    AppStore apps = new AppStore(database.pool());
    CredentialCipher cipher =
        config.git().credentialsKey() == null
            ? null
            : new CredentialCipher(config.git().credentialsKey());
    CredentialStore credentials =
        cipher == null ? null : new CredentialStore(database.pool(), cipher);
    ClusterStore clusterStore = cipher == null ? null : new ClusterStore(database.pool(), cipher);
    notifier = cipher == null ? null : notifier(cipher);
    git =
        new GitSources(
            gitPool,
            config.git().dataDir(),
            SourceOptions.defaults()
                .withCredentials(credentials == null ? CredentialLookup.NONE : credentials)
                .withRenderer(new Renderer(RenderLimits.defaults(), renderSettings(), helmWorkers))
                .withUrls(urlPolicy())
                .withLimits(fetchLimits())
                .withSourceRepos(
                    (tenant, url) ->
                        access.tenant(tenant).map(t -> t.allowsSource(url)).orElse(false))
                .withPollInterval(config.git().pollInterval())
                .withListener(
                    new SourceListener() {
                      @Override
                      public void fetched(String result, java.time.Duration took) {
                        metrics.gitFetched(result, took);
                      }

                      @Override
                      public void rendered(String sourceType, java.time.Duration took) {
                        metrics.rendered(sourceType, took);
                      }
                    }));
    var fairRenders = new FairRenderPool(vertx, renderPool, renderSettings());
    loop =
        new ReconcileLoop(
            new ReconcileLoop.Dependencies(
                apps,
                new OperationStore(database.pool()),
                git,
                git.renders(),
                fairRenders,
                clusters,
                metrics,
                health,
                config.git().pollInterval(),
                16,
                access,
                config.sync(),
                clock,
                ownership()));
    AuditStore audit = new AuditStore(database.pool());
    SyncAudit.start(vertx, audit);
    TokenStore tokens = new TokenStore(database.pool());
    tenants =
        new TenantRegistry(
            vertx, access, config.tenantsDir(), new TenantStore(database.pool()), audit);
    clusterLabels = new ClusterLabels(config.clusterLabels());
    var labelStore = new ClusterLabelStore(database.pool());
    return registerStoredClusters(clusterStore)
        .compose(v -> labelStore.loadAll())
        .map(
            stored -> {
              stored.forEach(clusterLabels::set);
              return (Void) null;
            })
        .compose(v -> tenants.start(java.time.Duration.ofSeconds(10)))
        .compose(v -> startNotifier(apps))
        .compose(v -> vertx.deployVerticle(loop))
        .compose(id -> startRouting(apps).map(id))
        .compose(
            id -> {
              loopDeployment = id;
              // Building the routes builds the GraphQL schema: seconds of class loading, a worker's
              // job.
              return vertx.executeBlocking(
                  () ->
                      HttpApi.router(
                          vertx,
                          verifier,
                          access,
                          apps,
                          audit,
                          control,
                          clusters,
                          metrics,
                          new HttpApi.Readiness(
                              clusters::synced,
                              () -> loop.firstPassDone() && loop.settled(),
                              apps::ping),
                          new TenancyApi(new ApiTokens(tokens), tokens, tenants),
                          config.git().webhookSecrets(),
                          credentials,
                          new ClusterAdminApi(
                              clusterStore, configuredClusters(), clusterLabels, labelStore),
                          new AppSetStore(database.pool()),
                          notifier,
                          new FeedEras(database.pool())));
            })
        .compose(
            built -> {
              router = built;
              if (config.security().metricsPort() == null) {
                MetricsEndpoint.mount(router, metrics, config.security().metricsToken());
              }
              return HttpApi.listen(
                  vertx,
                  router,
                  config.http().host(),
                  config.http().port(),
                  config.http().instances());
            })
        .compose(
            server -> {
              http = server;
              return startManagementPort();
            });
  }

  /**
   * Which apps this replica owns: all of them in one process; with {@code replicas.enabled}, those
   * Hazelcast's partition table places here, claimed in PostgreSQL.
   */
  private Ownership ownership() {
    if (!config.replicas().enabled()) {
      return Ownership.SINGLE;
    }
    var manager = (HazelcastClusterManager) ((VertxInternal) vertx).clusterManager();
    partitions =
        new PartitionOwnership(
            vertx, manager.getHazelcastInstance(), new OwnerStore(database.pool()));
    LOG.info(
        "replica "
            + partitions.replica()
            + " of "
            + partitions.members().size()
            + ": apps placed by the cluster's partition table");
    return partitions;
  }

  /** The API's handle on the controller: the loop itself, or routing to each app's owner. */
  private Future<Void> startRouting(AppStore apps) {
    if (partitions == null) {
      control = loop;
      return Future.succeededFuture();
    }
    OwnerRouting routing = new OwnerRouting(vertx, loop, partitions, apps);
    control = routing;
    return routing.start();
  }

  /** Notifications: their targets' secrets are encrypted with the same key as credentials. */
  private Notifier notifier(CredentialCipher cipher) {
    var records = new NotificationStore(database.pool(), cipher);
    return new Notifier(
        vertx,
        records,
        new WebhookSender(vertx, records, urlPolicy(), WebhookSender.Settings.DEFAULTS),
        clock);
  }

  /**
   * Notifications listen before the loop starts, knowing each app's stored health, so the first
   * reconciles after a restart do not repeat a Degraded that was already told.
   */
  private Future<Void> startNotifier(AppStore apps) {
    if (notifier == null) {
      return Future.succeededFuture();
    }
    return apps.listAll()
        .map(
            all -> {
              notifier.start(all, Notifier.CHECK_EVERY);
              return null;
            });
  }

  /**
   * {@code metrics.port}: /metrics on a port of its own (one server: scrapes are rare and small).
   */
  private Future<Void> startManagementPort() {
    Integer port = config.security().metricsPort();
    if (port == null) {
      return Future.succeededFuture();
    }
    return HttpApi.listen(
            vertx,
            MetricsEndpoint.managementRouter(vertx, metrics, config.security().metricsToken()),
            config.http().host(),
            port,
            1)
        .map(
            server -> {
              management = server;
              LOG.info("metrics served on the management port " + server.port());
              return null;
            });
  }

  /** The management port serving /metrics, or -1 when /metrics is on the main port. */
  public int managementPort() {
    return management == null ? -1 : management.port();
  }

  public int port() {
    return http.port();
  }

  /** The tenants in force (files and admin API), e.g. to reload the files now. */
  public TenantRegistry tenants() {
    return tenants;
  }

  /** The HTTP router, for tests that enumerate every route. */
  public Router router() {
    return router;
  }

  /** This replica's name in {@code app_owners} ("single" in one process). */
  public String replica() {
    return partitions == null ? Ownership.SINGLE.replica() : partitions.replica();
  }

  public ReconcileLoop loop() {
    return loop;
  }

  /** Notifications, or null without {@code credentials.key}. */
  public Notifier notifier() {
    return notifier;
  }

  /** The database pool, for tests that look behind the API. */
  public io.vertx.sqlclient.Pool pool() {
    return database.pool();
  }

  public AppStore apps() {
    return new AppStore(database.pool());
  }

  public Future<Void> close() {
    if (scriptsTimer >= 0) {
      vertx.cancelTimer(scriptsTimer);
    }
    if (tenants != null) {
      tenants.stop();
    }
    if (notifier != null) {
      notifier.stop();
    }
    Future<Void> httpClosed = http == null ? Future.succeededFuture() : http.close();
    return httpClosed
        .eventually(() -> management == null ? Future.succeededFuture() : management.close())
        .eventually(
            () ->
                loopDeployment == null ? Future.succeededFuture() : vertx.undeploy(loopDeployment))
        .eventually(
            () -> {
              if (clusters != null) {
                clusters.close();
              }
              if (git != null) {
                git.close();
              }
              if (helmWorkers != null) {
                helmWorkers.close(); // kills the Helm worker processes
              }
              return database == null ? Future.succeededFuture() : database.close(vertx);
            })
        .eventually(
            () -> {
              for (WorkerExecutor pool : new WorkerExecutor[] {gitPool, renderPool, kubePool}) {
                if (pool != null) {
                  pool.close();
                }
              }
              return Future.succeededFuture();
            })
        .mapEmpty();
  }

  /**
   * The render stage's own settings, from the plain {@code render.*} values of the configuration.
   */
  private RenderSettings renderSettings() {
    RenderConfig r = config.render();
    return new RenderSettings(r.timeout(), r.helmMemoryMb(), r.helmWorkers(), r.concurrency());
  }

  /** Which repository URLs the source stage may fetch, from the plain {@code git.*} values. */
  private RepoUrlPolicy urlPolicy() {
    GitAccess a = config.git().access();
    return new RepoUrlPolicy(
        a.allowedSchemes(), a.allowedLocalPaths(), a.allowedHosts(), config.git().dataDir());
  }

  /** What one fetch may cost, from the plain {@code git.*} values. */
  private FetchLimits fetchLimits() {
    GitAccess a = config.git().access();
    return new FetchLimits(a.fetchTimeout(), a.maxMirrorBytes(), a.fetchesPerTenant());
  }
}
