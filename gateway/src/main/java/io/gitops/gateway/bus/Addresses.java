package io.gitops.gateway.bus;

/** Every event-bus address of the gateway, in one place. */
public final class Addresses {
  /**
   * {@link Messages.LiveChanged}: a managed object of an app changed on a cluster (from informers).
   */
  public static final String LIVE_CHANGED = "gitops.live.changed";

  /**
   * {@link Messages.StatusChanged}: an app's status after a reconcile, published to every listener.
   */
  public static final String APP_STATUS = "gitops.app.status";

  /**
   * {@link Messages.OperationChanged}: a sync started (Running) or ended, published to every
   * listener.
   */
  public static final String APP_OPERATION = "gitops.app.operation";

  /**
   * {@link Messages.AppAnnounced}: an app created, changed or deleted through the API, published to
   * every replica's feed.
   */
  public static final String APP_ANNOUNCED = "gitops.app.announced";

  /** {@link Messages.ClusterState}: a cluster's reachability changed. */
  public static final String CLUSTER_STATE = "gitops.cluster.state";

  /**
   * A replica's controller: the API's requests for the apps it owns, sent by the replica that
   * served the request ({@code replica.OwnerRouting}; JSON bodies, {@code
   * replica.ControlMessages}).
   */
  public static String control(String replica) {
    return "gitops.replica." + replica + ".control";
  }

  private Addresses() {}
}
