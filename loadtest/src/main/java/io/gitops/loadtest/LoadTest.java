package io.gitops.loadtest;

import java.util.Arrays;
import java.util.List;

/**
 * The load test's one command: {@code java -jar gitops-loadtest.jar SCENARIO [--apps N ...]}. Every
 * scenario starts the whole setup and runs the cold start first (it is how the apps get there);
 * {@code all} runs every scenario on one setup. Prints the results table at the end and writes it
 * to {@code results.md} in the work folder.
 */
public final class LoadTest {
  static final List<String> SCENARIOS =
      List.of("coldstart", "heap", "page", "commit", "webhook", "drift", "ws", "replicas", "all");

  private LoadTest() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !SCENARIOS.contains(args[0])) {
      System.err.println(
          "usage: java -jar gitops-loadtest.jar "
              + String.join("|", SCENARIOS)
              + " [--name value ...]\noptions and defaults: "
              + Options.DEFAULTS);
      System.exit(2);
    }
    Options o;
    try {
      o = Options.parse(Arrays.copyOfRange(args, 1, args.length));
    } catch (IllegalArgumentException e) {
      System.err.println("gitops-loadtest: " + e.getMessage());
      System.exit(2);
      return;
    }
    Report report = run(args[0], o);
    System.out.println();
    System.out.println(report.table());
    System.exit(0);
  }

  /** Runs one scenario (after the cold start), or all; the report. */
  public static Report run(String scenario, Options o) throws Exception {
    // The replicas scenario clusters even one replica (app_owners, a restart measured alike).
    boolean clustered = o.replicas() > 1 || scenario.equals("replicas");
    try (Bench b = Bench.start(o, clustered)) {
      try {
        int synced = ColdStart.run(b);
        if (synced < o.apps()) {
          throw new IllegalStateException(
              (o.apps() - synced) + " apps never reached Synced+Healthy; gateway log in " + b.work);
        }
        boolean all = scenario.equals("all");
        if (all || scenario.equals("heap")) {
          HeapScenario.run(b);
        }
        if (all || scenario.equals("page")) {
          PageScenario.run(b);
        }
        if (all || scenario.equals("commit")) {
          CommitScenario.run(b);
        }
        if (all || scenario.equals("webhook")) {
          WebhookScenario.run(b);
        }
        double changesPerEdit = 3;
        if (all || scenario.equals("drift")) {
          changesPerEdit = DriftScenario.run(b);
        }
        if (all || scenario.equals("ws")) {
          FanoutScenario.run(b, changesPerEdit);
        }
        // Last: it kills a replica. In "all" only when there are several (a cluster to fail over).
        if (scenario.equals("replicas") || (all && clustered)) {
          ReplicasScenario.run(b);
        }
        b.checkGateway();
      } finally {
        b.report.write(b.work.resolve("results.md"));
        Bench.log("results in " + b.work.resolve("results.md"));
      }
      return b.report;
    }
  }
}
