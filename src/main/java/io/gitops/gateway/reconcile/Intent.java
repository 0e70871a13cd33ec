package io.gitops.gateway.reconcile;

/** Why a reconcile runs, and whether it may apply. */
public record Intent(boolean sync, String triggeredBy) {
  public static final Intent OBSERVE = new Intent(false, "gateway");

  /** A user or token asked for a sync: it applies whatever the app's policy says. */
  public static Intent syncBy(String who) {
    return new Intent(true, who);
  }

  /** Merges two requests that collapsed into one run: a sync request is never lost. */
  Intent merge(Intent other) {
    return sync ? this : other.sync ? other : this;
  }
}
