package io.gitops.gateway.model;

/** An app as stored: its spec, the spec's version (optimistic concurrency) and its status. */
public record App(AppSpec spec, long version, AppStatus status) {
  public AppId id() {
    return spec.id();
  }
}
