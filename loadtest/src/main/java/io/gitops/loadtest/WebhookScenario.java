package io.gitops.loadtest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A push touching one app, one after the other: from the webhook's POST to that app Synced at the
 * new commit on the feed.
 */
public final class WebhookScenario {
  private WebhookScenario() {}

  public static void run(Bench b) throws Exception {
    Layout l = b.layout;
    int tries = b.o.webhookTries();
    long[] took = new long[tries];
    int n = 0;
    // Apps other than the commit scenario's (offset by half a step), spread over clusters.
    int[] chosen = l.spread(tries);
    for (int k = 0; k < tries; k++) {
      int i = (chosen[k] + Math.max(1, b.o.apps() / tries / 2)) % b.o.apps();
      GitRepos.Push push = b.repos.bump(l.repoOf(i), new int[] {i}, "bump " + l.name(i));
      String head = push.after();
      Feed.Watch watch = b.feed.watch(List.of(l.key(i)), (key, s) -> s.synced(head));
      long t0 = System.nanoTime();
      int status = b.api.webhook(push);
      if (status != 202) {
        throw new IllegalStateException("webhook answered " + status);
      }
      Map<String, Long> done = watch.await(Duration.ofSeconds(60));
      if (done.isEmpty()) {
        b.checkGateway();
        Bench.log("webhook try " + k + ": " + l.key(i) + " not Synced within 60 s");
        continue;
      }
      took[n++] = done.values().iterator().next() - t0;
    }
    Stats stats = Stats.of(java.util.Arrays.copyOf(took, n));
    b.report.add(
        "webhook → that app Synced",
        stats.text() + (n < tries ? "; " + (tries - n) + " tries timed out" : ""),
        "p99 ≤ 1 s",
        tries + " pushes one after the other, each touching one app (new image and ConfigMap)");
  }
}
