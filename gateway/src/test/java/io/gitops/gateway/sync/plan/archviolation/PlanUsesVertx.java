package io.gitops.gateway.sync.plan.archviolation;

import io.vertx.core.Future;

/** Deliberate violation (test only): sync planning returning a Vert.x future. */
public final class PlanUsesVertx {
  public Future<Void> plan() {
    return Future.succeededFuture();
  }
}
