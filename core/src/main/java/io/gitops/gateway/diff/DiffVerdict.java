package io.gitops.gateway.diff;

/** How one object's live state relates to Git. */
public enum DiffVerdict {
  /** Live matches desired after normalisation. */
  IN_SYNC,
  /** Both exist and differ in at least one field that Git sets (or set before). */
  MODIFIED,
  /** In Git but not in the cluster. */
  MISSING,
  /** In the cluster but no longer in Git: a candidate for prune. */
  EXTRA
}
