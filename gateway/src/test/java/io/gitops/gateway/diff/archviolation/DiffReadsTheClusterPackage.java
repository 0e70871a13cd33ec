package io.gitops.gateway.diff.archviolation;

import io.gitops.gateway.cluster.ClusterConnection;

/** Deliberate violation (test only): a pure package knowing an impure project package. */
public final class DiffReadsTheClusterPackage {
  public ClusterConnection cluster;
}
