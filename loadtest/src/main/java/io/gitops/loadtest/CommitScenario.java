package io.gitops.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One commit touching N apps (a new image tag and ConfigMap value each), announced by a push
 * webhook (one per repository in the many-repo layout), until each app is Synced at the new commit:
 * p50/p99 per app, from the webhook.
 */
public final class CommitScenario {
  private CommitScenario() {}

  public static void run(Bench b) throws Exception {
    Layout l = b.layout;
    int[] chosen = l.spread(b.o.touched());
    List<GitRepos.Push> pushes = commit(b, chosen);
    List<String> keys = new ArrayList<>();
    for (int i : chosen) {
      keys.add(l.key(i));
    }
    Feed.Watch watch =
        b.feed.watch(keys, (key, s) -> s.synced(b.repos.headOfApp(ColdStart.index(key))));
    double gw0 = b.gatewayCpu();
    long t0 = System.nanoTime();
    Progress progress = Progress.every(Duration.ofSeconds(10), watch, b, "Synced", t0);
    announce(b, pushes);
    Map<String, Long> done = watch.await(Duration.ofMinutes(b.o.timeoutMinutes()));
    progress.stop();
    Stats stats = Stats.of(done.values().stream().mapToLong(t -> t - t0).toArray());
    b.report.add(
        String.format("commit touching %,d apps → all Synced, per app", chosen.length),
        stats.text()
            + (done.size() < chosen.length
                ? String.format("; %d apps NOT synced", chosen.length - done.size())
                : ""),
        "p99 ≤ 10 s",
        String.format(
            "%d webhook(s), from the first; %d objects changed; gateway CPU %.1f s",
            pushes.size(), chosen.length * 2, b.gatewayCpu() - gw0));
  }

  /**
   * Commits a new version of {@code chosen} apps: one commit per repository they live in; the
   * pushes, not yet announced.
   */
  static List<GitRepos.Push> commit(Bench b, int[] chosen) throws Exception {
    Layout l = b.layout;
    List<List<Integer>> byRepo = new ArrayList<>();
    for (int r = 0; r < b.o.repos(); r++) {
      byRepo.add(new ArrayList<>());
    }
    for (int i : chosen) {
      byRepo.get(l.repoOf(i)).add(i);
    }
    List<GitRepos.Push> pushes = new ArrayList<>();
    for (int r = 0; r < b.o.repos(); r++) {
      if (!byRepo.get(r).isEmpty()) {
        int[] apps = byRepo.get(r).stream().mapToInt(Integer::intValue).toArray();
        pushes.add(b.repos.bump(r, apps, "new version of " + apps.length + " apps"));
      }
    }
    return pushes;
  }

  /** A signed push webhook per push, as the Git host sends them. */
  static void announce(Bench b, List<GitRepos.Push> pushes) throws Exception {
    for (GitRepos.Push push : pushes) {
      int status = b.api.webhook(push);
      if (status != 202) {
        throw new IllegalStateException("webhook answered " + status + " for " + push.url());
      }
    }
  }
}
