package io.gitops.gateway.api;

import io.gitops.gateway.store.ClusterStore;
import java.util.Set;

/**
 * What the cluster admin routes need: the encrypted store (null: no credentials.key, routes off)
 * and the config's clusters.
 */
public record ClusterAdminApi(ClusterStore store, Set<String> configured) {}
