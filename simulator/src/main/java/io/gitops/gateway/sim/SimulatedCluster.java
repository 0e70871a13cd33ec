package io.gitops.gateway.sim;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A simulated Kubernetes cluster: fabric8's CRUD mock server on a free local port, speaking the
 * real REST and watch protocol over plain HTTP, extended with server-side apply and field
 * ownership, strategic merge patch, generation, discovery, and simulated workload controllers. The
 * demo, the tests and the load tests all start clusters through this class; the gateway only sees
 * {@link #url()}.
 */
public final class SimulatedCluster implements AutoCloseable {
  /**
   * Kept referenced: java.util.logging forgets levels set on loggers that are garbage collected.
   */
  private static final Logger MOCK_SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());

  static {
    MOCK_SERVER_LOG.setLevel(
        Level.WARNING); // one INFO line per start and stop of every simulated cluster
  }

  private final String name;
  private final KubernetesMockServer server;
  private final SimulatorDispatcher dispatcher;
  private final String url;
  private KubernetesClient client;

  private SimulatedCluster(
      String name, KubernetesMockServer server, SimulatorDispatcher dispatcher) {
    this.name = name;
    this.server = server;
    this.dispatcher = dispatcher;
    this.url = "http://" + server.getHostName() + ":" + server.getPort();
  }

  public static SimulatedCluster start(String name) {
    return start(name, SimulatorOptions.defaults());
  }

  public static SimulatedCluster start(String name, SimulatorOptions options) {
    return start(name, options, 0);
  }

  /**
   * On a given port ({@code 0}: any free one). Starting a cluster again on the port of one that was
   * closed is how tests take a cluster away and bring it back (empty, as after a disaster).
   */
  public static SimulatedCluster start(String name, SimulatorOptions options, int port) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(options, "options");
    MockWebServer web = new MockWebServer();
    SimulatorDispatcher dispatcher = new SimulatorDispatcher(options, web);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()), web, new HashMap<>(), dispatcher, false);
    server.start(InetAddress.getLoopbackAddress(), port);
    return new SimulatedCluster(name, server, dispatcher);
  }

  public int port() {
    return server.getPort();
  }

  public String name() {
    return name;
  }

  /** The API server URL, e.g. {@code http://localhost:12345}. */
  public String url() {
    return url;
  }

  /**
   * How many WebSocket watches (as the fabric8 client's informers open) are open now on {@code
   * resource}: {@code group/plural} such as {@code apps/deployments}, or the plural alone for the
   * core group ({@code configmaps}). What a client watches, as the server sees it.
   */
  public int openWatches(String resource) {
    return dispatcher.openWatches(resource);
  }

  /** WebSocket watches open now, on every resource. */
  public int openWatches() {
    return dispatcher.openWatches();
  }

  /**
   * A plain client of this cluster, for acting behind the gateway's back; closed with the cluster.
   */
  public synchronized KubernetesClient client() {
    if (client == null) {
      Config config =
          new ConfigBuilder(Config.empty())
              .withMasterUrl(url)
              .withNamespace("default")
              .withHttp2Disable(true)
              .withRequestRetryBackoffLimit(0)
              .build();
      client = new KubernetesClientBuilder().withConfig(config).build();
    }
    return client;
  }

  @Override
  public synchronized void close() {
    dispatcher.close();
    if (client != null) {
      client.close();
      client = null;
    }
    try {
      server.shutdown();
    } catch (IllegalStateException e) {
      // MockWebServer gives its server 10 s to close, which a loaded machine can exceed; the close
      // goes on in the background, and a demo's Ctrl-C must not end in a stack trace for it.
      Logger.getLogger(SimulatedCluster.class.getName())
          .warning("simulated cluster " + name + " still closing after 10 s");
    }
  }

  @Override
  public String toString() {
    return "SimulatedCluster[" + name + " at " + url + "]";
  }
}
