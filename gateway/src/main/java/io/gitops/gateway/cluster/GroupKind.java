package io.gitops.gateway.cluster;

/**
 * A kind whatever its version ({@code ""} for the core group): what an app needs watched. Two
 * versions of one kind are one need, so an informer is kept while any app deploys the kind.
 */
public record GroupKind(String group, String kind) {
  public static GroupKind of(GroupVersionKind gvk) {
    int slash = gvk.apiVersion().indexOf('/');
    return new GroupKind(slash < 0 ? "" : gvk.apiVersion().substring(0, slash), gvk.kind());
  }

  @Override
  public String toString() {
    return group.isEmpty() ? kind : group + "/" + kind;
  }
}
