package io.gitops.gateway.reconcile;

/** A reconcile step that could not complete; the message goes into the app's status as is. */
class ReconcileException extends RuntimeException {
  ReconcileException(String message) {
    super(message, null, false, false);
  }

  /** The destination cluster cannot be reached: neither sync nor health can be known. */
  static final class ClusterUnreachable extends ReconcileException {
    ClusterUnreachable(String message) {
      super(message);
    }
  }
}
