package io.gitops.gateway.diff;

import io.gitops.gateway.model.ResourceKey;
import java.util.List;
import java.util.Objects;

/**
 * The comparison of one object. {@code changedPaths} are JSON pointers ("/spec/replicas",
 * "/metadata/labels/team"; list elements numbered as in live, or as in Git for an element live
 * lacks); {@code unifiedDiff} is a readable diff of live ("---") against what Git wants ("+++"),
 * with Secret values redacted. Both are empty when in sync.
 */
public record ObjectDiff(
    ResourceKey key, DiffVerdict verdict, List<String> changedPaths, String unifiedDiff) {
  public ObjectDiff {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(verdict, "verdict");
    changedPaths = changedPaths == null ? List.of() : List.copyOf(changedPaths);
    unifiedDiff = unifiedDiff == null ? "" : unifiedDiff;
  }

  /** True for anything but IN_SYNC: the app is OutOfSync if any of its objects drifted. */
  public boolean drifted() {
    return verdict != DiffVerdict.IN_SYNC;
  }
}
