package io.gitops.gateway.reconcile;

/** A reconcile step that could not complete; the message goes into the app's status as is. */
final class ReconcileException extends RuntimeException {
  ReconcileException(String message) {
    super(message, null, false, false);
  }
}
