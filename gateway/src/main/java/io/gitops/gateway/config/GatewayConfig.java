package io.gitops.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Everything the gateway needs to start; built by {@link ConfigLoader}, never half-valid. */
public record GatewayConfig(
    Http http,
    Database database,
    Oidc oidc,
    Git git,
    List<ClusterConfig> clusters,
    Path tenantsDir,
    Path healthScriptsDir,
    boolean demo,
    Kube kube,
    Path conditionRulesFile,
    SyncSettings sync,
    SecuritySettings security,
    RenderConfig render,
    Map<String, Map<String, String>> clusterLabels,
    ReplicaConfig replicas) {

  /** One process (no {@code replicas.*}). */
  public GatewayConfig(
      Http http,
      Database database,
      Oidc oidc,
      Git git,
      List<ClusterConfig> clusters,
      Path tenantsDir,
      Path healthScriptsDir,
      boolean demo,
      Kube kube,
      Path conditionRulesFile,
      SyncSettings sync,
      SecuritySettings security,
      RenderConfig render,
      Map<String, Map<String, String>> clusterLabels) {
    this(
        http,
        database,
        oidc,
        git,
        clusters,
        tenantsDir,
        healthScriptsDir,
        demo,
        kube,
        conditionRulesFile,
        sync,
        security,
        render,
        clusterLabels,
        ReplicaConfig.SINGLE);
  }

  /** Without labels on the clusters (most callers and tests). */
  public GatewayConfig(
      Http http,
      Database database,
      Oidc oidc,
      Git git,
      List<ClusterConfig> clusters,
      Path tenantsDir,
      Path healthScriptsDir,
      boolean demo,
      Kube kube,
      Path conditionRulesFile,
      SyncSettings sync,
      SecuritySettings security,
      RenderConfig render) {
    this(
        http,
        database,
        oidc,
        git,
        clusters,
        tenantsDir,
        healthScriptsDir,
        demo,
        kube,
        conditionRulesFile,
        sync,
        security,
        render,
        Map.of());
  }

  public GatewayConfig(
      Http http,
      Database database,
      Oidc oidc,
      Git git,
      List<ClusterConfig> clusters,
      Path tenantsDir,
      Path healthScriptsDir,
      boolean demo,
      Kube kube,
      Path conditionRulesFile,
      SyncSettings sync,
      SecuritySettings security) {
    this(
        http,
        database,
        oidc,
        git,
        clusters,
        tenantsDir,
        healthScriptsDir,
        demo,
        kube,
        conditionRulesFile,
        sync,
        security,
        RenderConfig.defaults());
  }

  public GatewayConfig(
      Http http,
      Database database,
      Oidc oidc,
      Git git,
      List<ClusterConfig> clusters,
      Path tenantsDir,
      Path healthScriptsDir,
      boolean demo,
      Kube kube,
      Path conditionRulesFile) {
    this(
        http,
        database,
        oidc,
        git,
        clusters,
        tenantsDir,
        healthScriptsDir,
        demo,
        kube,
        conditionRulesFile,
        SyncSettings.defaults());
  }

  public GatewayConfig(
      Http http,
      Database database,
      Oidc oidc,
      Git git,
      List<ClusterConfig> clusters,
      Path tenantsDir,
      Path healthScriptsDir,
      boolean demo,
      Kube kube,
      Path conditionRulesFile,
      SyncSettings sync) {
    this(
        http,
        database,
        oidc,
        git,
        clusters,
        tenantsDir,
        healthScriptsDir,
        demo,
        kube,
        conditionRulesFile,
        sync,
        SecuritySettings.defaults());
  }

  /**
   * How the gateway treats its clusters: LIST storms capped, reachability probed, informers no app
   * needs stopped after {@code informerLinger}.
   */
  public record Kube(int concurrentLists, Duration probeInterval, Duration informerLinger) {}

  /**
   * {@code instances}: HTTP servers sharing the port, one per event loop, so sockets (and the live
   * feed's writes to them) spread over the cores instead of all landing on one thread.
   */
  public record Http(String host, int port, int instances) {
    public Http(String host, int port) {
      this(host, port, defaultInstances());
    }

    public static int defaultInstances() {
      return Runtime.getRuntime().availableProcessors();
    }
  }

  /**
   * {@code url == null} means an embedded PostgreSQL with its data under {@code embeddedDataDir}.
   */
  public record Database(
      String url, String user, String password, int poolSize, Path embeddedDataDir) {
    public boolean embedded() {
      return url == null;
    }

    @Override
    public String toString() {
      return "Database[url="
          + url
          + ", user="
          + user
          + ", password=***, poolSize="
          + poolSize
          + "]";
    }
  }

  public record Oidc(String issuer, String audience) {}

  /**
   * {@code webhookSecrets}: per provider ({@code webhooks.github-secret} …); {@code
   * credentialsKey}: base64 of 32 bytes ({@code credentials.key}) that encrypts repository
   * credentials, null when unset.
   */
  public record Git(
      Path dataDir,
      Duration pollInterval,
      WebhookSecrets webhookSecrets,
      String credentialsKey,
      GitAccess access) {
    public Git(Path dataDir, Duration pollInterval) {
      this(dataDir, pollInterval, WebhookSecrets.NONE, null);
    }

    /** {@code access}: which URLs may be fetched and what a fetch may cost ({@link GitAccess}). */
    public Git(
        Path dataDir, Duration pollInterval, WebhookSecrets webhookSecrets, String credentialsKey) {
      this(dataDir, pollInterval, webhookSecrets, credentialsKey, GitAccess.defaults());
    }

    @Override
    public String toString() {
      return "Git[dataDir="
          + dataDir
          + ", pollInterval="
          + pollInterval
          + ", webhookSecrets=***, credentialsKey=***, access="
          + access
          + "]";
    }
  }

  public GatewayConfig withDatabase(Database db) {
    return new GatewayConfig(
        http,
        db,
        oidc,
        git,
        clusters,
        tenantsDir,
        healthScriptsDir,
        demo,
        kube,
        conditionRulesFile,
        sync,
        security,
        render,
        clusterLabels);
  }

  public GatewayConfig withOidc(Oidc o) {
    return new GatewayConfig(
        http,
        database,
        o,
        git,
        clusters,
        tenantsDir,
        healthScriptsDir,
        demo,
        kube,
        conditionRulesFile,
        sync,
        security,
        render,
        clusterLabels);
  }

  public GatewayConfig withClusters(List<ClusterConfig> c) {
    return new GatewayConfig(
        http,
        database,
        oidc,
        git,
        c,
        tenantsDir,
        healthScriptsDir,
        demo,
        kube,
        conditionRulesFile,
        sync,
        security,
        render,
        clusterLabels);
  }

  public GatewayConfig withHttp(Http h) {
    return new GatewayConfig(
        h,
        database,
        oidc,
        git,
        clusters,
        tenantsDir,
        healthScriptsDir,
        demo,
        kube,
        conditionRulesFile,
        sync,
        security,
        render,
        clusterLabels);
  }

  public GatewayConfig withRender(RenderConfig r) {
    return new GatewayConfig(
        http,
        database,
        oidc,
        git,
        clusters,
        tenantsDir,
        healthScriptsDir,
        demo,
        kube,
        conditionRulesFile,
        sync,
        security,
        r,
        clusterLabels,
        replicas);
  }

  /** {@code clusters[].labels}: cluster name -> labels (e.g. env: prod, region: eu). */
  public GatewayConfig withClusterLabels(Map<String, Map<String, String>> labels) {
    return new GatewayConfig(
        http,
        database,
        oidc,
        git,
        clusters,
        tenantsDir,
        healthScriptsDir,
        demo,
        kube,
        conditionRulesFile,
        sync,
        security,
        render,
        Map.copyOf(labels),
        replicas);
  }

  /** {@code replicas.*}: one process, or a member of a cluster of gateways. */
  public GatewayConfig withReplicas(ReplicaConfig r) {
    return new GatewayConfig(
        http,
        database,
        oidc,
        git,
        clusters,
        tenantsDir,
        healthScriptsDir,
        demo,
        kube,
        conditionRulesFile,
        sync,
        security,
        render,
        clusterLabels,
        r);
  }
}
