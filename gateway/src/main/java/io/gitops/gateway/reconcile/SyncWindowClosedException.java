package io.gitops.gateway.reconcile;

/**
 * A user's sync refused because a tenant sync window is closed; the message names the window and
 * when it opens.
 */
public final class SyncWindowClosedException extends RuntimeException {
  public SyncWindowClosedException(String message) {
    super(message, null, false, false);
  }
}
