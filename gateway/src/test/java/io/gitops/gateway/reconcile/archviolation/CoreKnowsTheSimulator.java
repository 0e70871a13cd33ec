package io.gitops.gateway.reconcile.archviolation;

import io.gitops.gateway.sim.SimulatedCluster;

/** Deliberate violation (test only): the core naming the simulator. */
public final class CoreKnowsTheSimulator {
  public SimulatedCluster cluster;
}
