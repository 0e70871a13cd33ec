package io.gitops.gateway.model;

/**
 * How one object is written to the cluster: server-side apply (the default), a client-side style
 * update ({@code ServerSideApply=false}), or a replace ({@code Replace=true}: create, or PUT the
 * whole object; with {@code Force=true} delete and create); and whether the server validates its
 * fields strictly ({@code Validate=false} drops unknown fields instead of refusing them). Read from
 * sync options by {@code sync.plan.SyncOptions}.
 */
public record WriteMode(boolean serverSideApply, boolean replace, boolean force, boolean validate) {
  public static final WriteMode DEFAULT = new WriteMode(true, false, false, true);
}
