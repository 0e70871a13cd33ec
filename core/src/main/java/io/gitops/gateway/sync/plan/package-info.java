/**
 * Sync planning, pure: which objects to apply in which wave and order, hooks, prune safety, the
 * app's sync options and the memory of recent applies. No Vert.x, no cluster client (ArchUnit:
 * {@code PurePackagesTest}); {@code sync.Syncer} and {@code sync.ServerDryRun} execute a plan.
 */
package io.gitops.gateway.sync.plan;
