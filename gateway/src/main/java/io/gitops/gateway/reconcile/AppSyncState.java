package io.gitops.gateway.reconcile;

import io.gitops.gateway.config.SyncSettings;
import io.gitops.gateway.model.Revision;
import io.gitops.gateway.store.OperationStore;
import java.time.Instant;

/** What the loop remembers per app between reconciles. Lives on the loop's context. */
final class AppSyncState {
  /**
   * The revision automated sync last ran for (whatever its outcome): it is not auto-synced again.
   */
  Revision lastSynced;

  boolean lastFailed;
  String lastFailure;
  int retries;

  /**
   * Operations finished so far: a retry scheduled after one is dropped when another finished since.
   */
  long finished;

  final Backoff selfHeal;
  OperationStore.Pause pause;

  /**
   * When the revision being rolled out was first seen (commit-to-synced), and when drift was
   * (drift-to-healed).
   */
  Revision seenRevision;

  Instant revisionSeenAt;
  Instant driftSeenAt;

  AppSyncState(SyncSettings settings) {
    this.selfHeal = new Backoff(settings.selfHealBase(), settings.selfHealMax());
  }
}
