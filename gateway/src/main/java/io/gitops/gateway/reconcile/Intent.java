package io.gitops.gateway.reconcile;

/**
 * Why a reconcile runs, and whether it may apply. A sync may carry the request's options (null: the
 * app's), and a fixed {@code revision} (a rollback) instead of the app's target revision.
 * {@code automated}: the gateway's own sync (a retry), which the tenant's sync windows hold back;
 * {@code overrideSyncWindow}: a user's sync that runs even inside a deny window (and is audited).
 */
public record Intent(boolean sync, String triggeredBy, Boolean prune, Boolean force, String revision, boolean rollback,
    boolean automated, boolean overrideSyncWindow) {
  public static final Intent OBSERVE = new Intent(false, "gateway");

  public Intent(boolean sync, String triggeredBy) {
    this(sync, triggeredBy, null, null, null, false);
  }

  public Intent(boolean sync, String triggeredBy, Boolean prune, Boolean force, String revision, boolean rollback) {
    this(sync, triggeredBy, prune, force, revision, rollback, false, false);
  }

  /** A user or token asked for a sync: it applies whatever the app's policy says. */
  public static Intent syncBy(String who) {
    return new Intent(true, who);
  }

  /** A sync with the request's own prune and conflict choices (null keeps the app's). */
  public static Intent syncBy(String who, Boolean prune, Boolean force) {
    return new Intent(true, who, prune, force, null, false);
  }

  /** Back to an earlier revision; automated sync pauses afterwards. */
  public static Intent rollbackBy(String who, String revision) {
    return new Intent(true, who, null, null, revision, true);
  }

  /** The same request, allowed to run inside a deny sync window. */
  public Intent overridingSyncWindow() {
    return new Intent(sync, triggeredBy, prune, force, revision, rollback, automated, true);
  }

  /** True for a sync a user asked for: sync windows refuse it unless it overrides them. */
  boolean manual() {
    return sync && !automated;
  }

  Intent triggeredBy(String who) {
    return new Intent(sync, who, prune, force, revision, rollback, automated, overrideSyncWindow);
  }

  /** A retry the gateway schedules: automated, whoever asked first. */
  Intent retriedAs(String who) {
    return new Intent(sync, who, prune, force, revision, rollback, true, false);
  }

  /** Merges two requests that collapsed into one run: a sync request is never lost, a user's wins over a retry. */
  Intent merge(Intent other) {
    if (sync && other.sync) {
      return automated && !other.automated ? other : this;
    }
    return sync ? this : other.sync ? other : this;
  }
}
