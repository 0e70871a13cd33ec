package io.gitops.gateway.reconcile;

/**
 * Why a reconcile runs, and whether it may apply. A sync may carry the request's options (null: the
 * app's), and a fixed {@code revision} (a rollback) instead of the app's target revision.
 */
public record Intent(boolean sync, String triggeredBy, Boolean prune, Boolean force, String revision, boolean rollback) {
  public static final Intent OBSERVE = new Intent(false, "gateway");

  public Intent(boolean sync, String triggeredBy) {
    this(sync, triggeredBy, null, null, null, false);
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

  Intent triggeredBy(String who) {
    return new Intent(sync, who, prune, force, revision, rollback);
  }

  /** Merges two requests that collapsed into one run: a sync request is never lost. */
  Intent merge(Intent other) {
    return sync ? this : other.sync ? other : this;
  }
}
