package io.gitops.gateway.reconcile;

import io.gitops.gateway.model.Revision;

/** The policy side of a reconcile: may this comparison be applied, and what to remember when it was. */
interface SyncGate {
  boolean shouldSync(Comparison comparison, Revision revision);

  void synced(Revision revision);
}
