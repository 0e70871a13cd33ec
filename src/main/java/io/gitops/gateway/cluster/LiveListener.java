package io.gitops.gateway.cluster;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.ClusterId;

/**
 * Told that a managed object of an app changed on a cluster. Called on fabric8's informer threads:
 * an implementation only hands the fact over (event bus, owning context), it never does work here.
 */
@FunctionalInterface
public interface LiveListener {
  void changed(ClusterId cluster, AppId app);
}
