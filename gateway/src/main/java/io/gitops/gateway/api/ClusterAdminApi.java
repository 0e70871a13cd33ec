package io.gitops.gateway.api;

import io.gitops.gateway.cluster.ClusterLabels;
import io.gitops.gateway.store.ClusterLabelStore;
import io.gitops.gateway.store.ClusterStore;
import java.util.Set;

/**
 * What the cluster admin routes need: the encrypted store (null: no credentials.key, routes off),
 * the config's clusters, and the clusters' labels with their store (always on: not secret).
 */
public record ClusterAdminApi(
    ClusterStore store,
    Set<String> configured,
    ClusterLabels labels,
    ClusterLabelStore labelStore) {}
