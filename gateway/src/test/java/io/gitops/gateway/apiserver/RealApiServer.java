package io.gitops.gateway.apiserver;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A real Kubernetes API server for tests: etcd and kube-apiserver (the binaries of {@link
 * KubeBinaries}) on free local ports with a temporary data folder, HTTPS with a certificate the API
 * server generates for itself, an admin bearer token (member of system:masters under RBAC), and no
 * controllers: nothing turns Deployments into Pods or reports their status. What it gives the tests
 * is the API server's own behaviour: server-side apply and field ownership, defaulting, validation,
 * CRDs, watches and 410 Gone.
 */
public final class RealApiServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Path dir;
  private final Etcd etcd;
  private final ChildProcess apiServer;
  private final Config config;
  private KubernetesClient client;

  private RealApiServer(Path dir, Etcd etcd, ChildProcess apiServer, Config config) {
    this.dir = dir;
    this.etcd = etcd;
    this.apiServer = apiServer;
    this.config = config;
  }

  /**
   * For a test: starts a server from the binaries {@link KubeBinaries#find()} finds, or skips the
   * test naming what is missing (fails it under {@code KUBE_APISERVER_REQUIRED=true}).
   */
  public static RealApiServer startOrSkip() {
    KubeBinaries.assumeAvailable();
    return start(KubeBinaries.find().orElseThrow());
  }

  /** Starts etcd and kube-apiserver and returns once {@code /readyz} answers ok. */
  public static RealApiServer start(KubeBinaries binaries) {
    Path dir = null;
    Etcd etcd = null;
    ChildProcess apiServer = null;
    try {
      dir = Files.createTempDirectory("kube-apiserver-");
      etcd = Etcd.start(binaries.etcd(), dir);
      String token = UUID.randomUUID().toString();
      Path key = ServerFiles.serviceAccountKey(dir);
      int port = ServerFiles.freePort();
      apiServer =
          ChildProcess.start(
              "kube-apiserver",
              List.of(
                  binaries.kubeApiServer().toString(),
                  "--etcd-servers=" + etcd.url(),
                  "--bind-address=127.0.0.1",
                  "--secure-port=" + port,
                  "--cert-dir=" + dir.resolve("certs"),
                  "--advertise-address=127.0.0.1",
                  "--endpoint-reconciler-type=none",
                  "--token-auth-file=" + ServerFiles.adminTokenFile(dir, token),
                  "--authorization-mode=RBAC",
                  "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                  "--service-account-key-file=" + key,
                  "--service-account-signing-key-file=" + key,
                  "--service-cluster-ip-range=10.0.0.0/24",
                  "--allow-privileged=true",
                  // Watches of ConfigMaps go straight to etcd, so an etcd compaction is what a
                  // watch outlives.
                  "--watch-cache-sizes=configmaps#0"),
              dir.resolve("kube-apiserver.log"));
      Config config =
          new ConfigBuilder(Config.empty())
              .withMasterUrl("https://127.0.0.1:" + port)
              .withOauthToken(token)
              .withTrustCerts(true)
              .withDisableHostnameVerification(true)
              .withNamespace("default")
              .build();
      RealApiServer server = new RealApiServer(dir, etcd, apiServer, config);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      stopQuietly(apiServer, etcd, dir);
      throw new UncheckedIOException("could not prepare the API server's files", e);
    } catch (RuntimeException e) {
      stopQuietly(apiServer, etcd, dir);
      throw e;
    }
  }

  private void awaitReady() {
    try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(config).build()) {
      await("kube-apiserver /readyz at " + url())
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException))
          .until(
              () -> {
                etcd.process().requireAlive();
                apiServer.requireAlive();
                return "ok".equals(probe.raw("/readyz"));
              });
    }
  }

  /** The API server's URL, e.g. {@code https://127.0.0.1:34567}. */
  public String url() {
    return config.getMasterUrl().replaceAll("/$", "");
  }

  /** A client configuration for the admin user, trusting the server's self-signed certificate. */
  public Config config() {
    return new ConfigBuilder(config).build();
  }

  /** A client for the admin user; closed with the server. */
  public synchronized KubernetesClient client() {
    if (client == null) {
      client = new KubernetesClientBuilder().withConfig(config).build();
    }
    return client;
  }

  /** The etcd under this server: compacting it is how a watch meets 410 Gone. */
  Etcd etcd() {
    return etcd;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    stopQuietly(apiServer, etcd, dir);
  }

  private static void stopQuietly(ChildProcess apiServer, Etcd etcd, Path dir) {
    if (apiServer != null) {
      apiServer.close();
    }
    if (etcd != null) {
      etcd.close();
    }
    if (dir != null) {
      ServerFiles.deleteRecursively(dir);
    }
  }

  @Override
  public String toString() {
    return "RealApiServer[" + url() + "]";
  }
}
