package io.gitops.gateway.cluster;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.ClusterId;
import java.util.Map;

/**
 * What the cluster side tells the rest of the gateway. Called on fabric8's informer threads or a
 * worker: an implementation only hands the fact over (event bus, owning context), it never does
 * work here.
 */
public interface LiveListener {
  /** A managed object of an app changed on a cluster. */
  void changed(ClusterId cluster, AppId app);

  /** A cluster became unreachable ({@code reason} says why) or reachable again. */
  default void connectivity(ClusterId cluster, boolean connected, String reason) {}

  /**
   * Whether a change that touched only status changed the object's health; only then is it worth a
   * re-compare. The default says yes, so without a health judge nothing is missed.
   */
  default boolean healthChanged(Map<String, Object> before, Map<String, Object> after) {
    return true;
  }
}
