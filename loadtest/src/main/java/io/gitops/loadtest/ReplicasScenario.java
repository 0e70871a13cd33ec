package io.gitops.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Several replicas ({@code --replicas N}, {@code replicas.enabled}): apps per replica from
 * app_owners after the cold start, then a commit touching every app and, while the replicas sync
 * it, a {@code kill -9} of one: the time until a survivor owns every app the dead one owned
 * (app_owners.owner moved; polled every 100 ms) and until every app is Synced at the new commit.
 * With one replica there is no survivor: the harness starts it again at once (as Kubernetes
 * restarts a pod), so the figures include a JVM start.
 */
public final class ReplicasScenario {
  private static final Duration POLL = Duration.ofMillis(100);

  private ReplicasScenario() {}

  /** What a kill cost. */
  public record Failover(
      String victim,
      String victimId,
      int appsOwned,
      Set<Long> runningAtKill,
      double reownSeconds,
      double syncedSeconds,
      int synced,
      int touched) {}

  public static void run(Bench b) throws Exception {
    b.report.add(
        "apps per replica after the cold start (app_owners)",
        appsPerReplica(b).toString(),
        "",
        b.o.replicas()
            + " replica(s), Hazelcast partitions, failure timeout "
            + Bench.FAILURE_TIMEOUT_SECONDS
            + " s");
    int victim = b.o.replicas() - 1;
    Failover f = killMidSync(b, victim);
    String how =
        b.o.replicas() == 1
            ? "the only replica, started again by the harness at once (JVM start included)"
            : "owned by the " + (b.o.replicas() - 1) + " survivor(s)";
    b.report.add(
        "kill -9 of one replica mid-sync → its apps owned again",
        f.reownSeconds < 0 ? "NOT re-owned" : String.format("%.1f s", f.reownSeconds),
        "≤ 15 s",
        String.format(
            "%s owned %d apps with %d operations Running; %s; app_owners polled every %d ms",
            f.victim, f.appsOwned, f.runningAtKill.size(), how, POLL.toMillis()));
    b.report.add(
        "kill -9 mid-sync → every app Synced at the new commit",
        f.synced < f.touched
            ? String.format("%d of %d apps NOT synced", f.touched - f.synced, f.touched)
            : String.format("%.1f s", f.syncedSeconds),
        "",
        "from the kill; the commit touched all apps and was announced just before it");
    b.report.add(
        "apps per replica after the kill", appsPerReplica(b).toString(), "", operationsAfter(b, f));
  }

  /** Replica name → apps it owns; owners that are no live replica are named by their id. */
  public static Map<String, Long> appsPerReplica(Bench b) throws Exception {
    Map<String, Long> out = new LinkedHashMap<>();
    b.owners
        .appsPerOwner()
        .forEach(
            (owner, apps) -> {
              int r = b.replicaOf(owner);
              out.put(r < 0 ? "gone " + owner : b.gateways.get(r).name(), apps);
            });
    return out;
  }

  /**
   * Commits a new version of every app, announces it, waits until replica {@code victim} runs some
   * of those syncs (operations Running on its apps), kills it with {@code kill -9}, and measures
   * the re-own and the syncs. With one replica the victim is started again at once.
   */
  public static Failover killMidSync(Bench b, int victim) throws Exception {
    Layout l = b.layout;
    int[] all = l.spread(b.o.apps());
    List<GitRepos.Push> pushes = CommitScenario.commit(b, all);
    List<String> keys = new ArrayList<>();
    for (int i : all) {
      keys.add(l.key(i));
    }
    Feed.Watch watch =
        b.feed.watch(keys, (key, s) -> s.synced(b.repos.headOfApp(ColdStart.index(key))));
    GatewayProcess dying = b.gateways.get(victim);
    String victimId = dying.replicaId();
    CommitScenario.announce(b, pushes);
    try {
      Poll.until(POLL, Duration.ofSeconds(30), () -> b.owners.runningOf(victimId) > 0);
    } catch (TimeoutException e) {
      Bench.log(dying.name() + " ran no sync within 30 s of the push; killing it anyway");
    }
    Set<String> owned = new HashSet<>();
    b.owners
        .ownerOfEachApp()
        .forEach(
            (app, owner) -> {
              if (owner.equals(victimId)) {
                owned.add(app);
              }
            });
    Set<Long> running = new HashSet<>();
    for (Owners.Operation op : b.owners.operations()) {
      if (op.phase().equals("Running") && owned.contains(op.app())) {
        running.add(op.id());
      }
    }
    long t0 = System.nanoTime();
    dying.kill();
    Bench.log(
        String.format(
            "killed %s (pid %d, replica %s) with %d apps and %d operations Running",
            dying.name(), dying.pid(), victimId, owned.size(), running.size()));
    if (b.o.replicas() == 1) {
      b.startGateway(victim);
    }
    double reown;
    try {
      long at =
          Poll.until(
              POLL,
              Duration.ofMinutes(b.o.timeoutMinutes()),
              () -> {
                Map<String, String> now = b.owners.ownerOfEachApp();
                return owned.stream()
                    .allMatch(a -> now.containsKey(a) && b.replicaOf(now.get(a)) >= 0);
              });
      reown = (at - t0) / 1e9;
      Bench.log(
          String.format("%d apps of %s owned again in %.1f s", owned.size(), dying.name(), reown));
    } catch (TimeoutException e) {
      reown = -1;
      Bench.log(
          "the apps of "
              + dying.name()
              + " were not all owned again; app_owners: "
              + appsPerReplica(b));
    }
    Progress progress = Progress.every(Duration.ofSeconds(10), watch, b, "Synced", t0);
    Map<String, Long> done = watch.await(Duration.ofMinutes(b.o.timeoutMinutes()));
    progress.stop();
    long last = done.values().stream().mapToLong(Long::longValue).max().orElse(t0);
    if (done.size() < keys.size()) {
      explainUnsynced(b, keys.stream().filter(k -> !done.containsKey(k)).toList(), owned);
    }
    return new Failover(
        dying.name(),
        victimId,
        owned.size(),
        running,
        reown,
        Math.max(0, last - t0) / 1e9,
        done.size(),
        keys.size());
  }

  /** For a few apps that never synced: what the feed, app_owners and sync_operations say. */
  private static void explainUnsynced(Bench b, List<String> unsynced, Set<String> ofVictim)
      throws Exception {
    Map<String, String> owners = b.owners.ownerOfEachApp();
    Map<String, Owners.Operation> lastOp = new LinkedHashMap<>();
    b.owners.operations().forEach(op -> lastOp.put(op.app(), op));
    Bench.log(
        unsynced.size()
            + " apps not Synced at the new commit ("
            + unsynced.stream().filter(ofVictim::contains).count()
            + " of them the killed replica's); the first ones:");
    for (String app : unsynced.subList(0, Math.min(10, unsynced.size()))) {
      int r = b.replicaOf(owners.getOrDefault(app, "none"));
      Bench.log(
          String.format(
              "  %s: feed %s; owner %s; last operation %s",
              app,
              b.feed.state(app),
              r < 0 ? owners.get(app) + " (no live replica)" : b.gateways.get(r).name(),
              lastOp.get(app)));
    }
  }

  /**
   * What became of the operations the dead replica left Running: closed (by whom), resumed (how
   * many times each), still Running.
   */
  static String operationsAfter(Bench b, Failover f) throws Exception {
    int stillRunning = 0;
    int closed = 0;
    Map<Long, Integer> resumes = new LinkedHashMap<>();
    for (Owners.Operation op : b.owners.operations()) {
      if (f.runningAtKill().contains(op.id())) {
        if (op.phase().equals("Running")) {
          stillRunning++;
        } else {
          closed++;
        }
      }
      String by = op.triggeredBy();
      if (by != null && by.startsWith("resume of operation #")) {
        long id = Long.parseLong(by.substring("resume of operation #".length()).split("\\D", 2)[0]);
        resumes.merge(id, 1, Integer::sum);
      }
    }
    long twice = resumes.values().stream().filter(n -> n > 1).count();
    return String.format(
        "of the %d operations Running at the kill: %d closed, %d still Running; %d resumed more"
            + " than once",
        f.runningAtKill().size(), closed, stillRunning, twice);
  }
}
