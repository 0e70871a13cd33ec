package io.gitops.gateway.source;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * When each repository is due for its next poll. A repository seen for the first time (its first
 * reconcile has just cloned it) is due at a random point in the second half of one interval, and
 * every next time is one interval ±10 % later, so hundreds of repositories spread over the interval
 * instead of fetching in the same second. A failing repository is retried with exponential backoff
 * (5 s, 10 s, 20 s … capped at the larger of the interval and 5 minutes), also jittered, instead of
 * hammering a server that is down.
 */
final class FetchSchedule {
  static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  static final Duration MAX_BACKOFF_FLOOR = Duration.ofMinutes(5);

  private final Duration interval;
  private final RandomGenerator random;
  private final Map<String, Instant> nextDue = new ConcurrentHashMap<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  FetchSchedule(Duration interval, RandomGenerator random) {
    this.interval = interval;
    this.random = random;
  }

  /** The repositories due at {@code now}; each is then not due again until it is reported on. */
  List<String> due(Instant now, Collection<String> urls) {
    List<String> due = new ArrayList<>();
    for (String url : urls) {
      Instant next =
          nextDue.computeIfAbsent(
              url,
              u ->
                  now.plusMillis((long) ((0.5 + 0.5 * random.nextDouble()) * interval.toMillis())));
      if (!now.isBefore(next)) {
        due.add(url);
        nextDue.put(url, now.plus(interval)); // until the fetch reports, whoever started it
      }
    }
    return due;
  }

  void succeeded(String url, Instant now) {
    failures.remove(url);
    nextDue.put(url, now.plus(jittered(interval)));
  }

  /** Returns the delay before the next attempt. */
  Duration failed(String url, Instant now) {
    int n = failures.merge(url, 1, Integer::sum);
    Duration delay = jittered(backoff(n));
    nextDue.put(url, now.plus(delay));
    return delay;
  }

  int failures(String url) {
    return failures.getOrDefault(url, 0);
  }

  Duration backoff(int failures) {
    Duration cap = interval.compareTo(MAX_BACKOFF_FLOOR) > 0 ? interval : MAX_BACKOFF_FLOOR;
    Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 20));
    return d.compareTo(cap) > 0 ? cap : d;
  }

  private Duration jittered(Duration d) {
    return Duration.ofMillis((long) (d.toMillis() * (0.9 + 0.2 * random.nextDouble())));
  }
}
