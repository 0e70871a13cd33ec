package io.gitops.gateway.model;

/** What one apply or prune did to one object. */
public sealed interface SyncOutcome {
  ResourceKey key();

  record Noop(ResourceKey key) implements SyncOutcome {}

  record Created(ResourceKey key) implements SyncOutcome {}

  record Patched(ResourceKey key) implements SyncOutcome {}

  record Deleted(ResourceKey key) implements SyncOutcome {}

  /**
   * Left alone on purpose (a prune held back by an annotation, a dry run); {@code message} says
   * why.
   */
  record Skipped(ResourceKey key, String message) implements SyncOutcome {}

  record Failed(ResourceKey key, String message) implements SyncOutcome {}
}
