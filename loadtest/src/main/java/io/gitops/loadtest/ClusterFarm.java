package io.gitops.loadtest;

import io.gitops.gateway.sim.SimulatedCluster;
import io.gitops.gateway.sim.SimulatorOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A process serving N simulated API servers ({@link SimulatedCluster}, one port each), so that the
 * simulator's CPU and memory are not counted as the gateway's. Prints {@code cluster NAME URL} per
 * cluster, then {@code farm ready N}; stops when its stdin closes (the harness exits) or says
 * {@code stop}.
 *
 * <pre>
 * java -cp gitops-loadtest.jar io.gitops.loadtest.ClusterFarm 200
 * </pre>
 */
public final class ClusterFarm {
  private ClusterFarm() {}

  public static void main(String[] args) throws IOException {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    List<SimulatedCluster> clusters = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      SimulatedCluster cluster = SimulatedCluster.start("c" + c, SimulatorOptions.defaults());
      clusters.add(cluster);
      System.out.println("cluster " + cluster.name() + " " + cluster.url());
    }
    System.out.println("farm ready " + count);
    System.out.flush();
    var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
    for (String line = in.readLine(); line != null && !line.equals("stop"); line = in.readLine()) {
      // only "stop" or the end of stdin mean anything
    }
    clusters.parallelStream().forEach(SimulatedCluster::close);
    System.exit(0);
  }
}
