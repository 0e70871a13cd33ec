package io.gitops.gateway.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Polls spread over the interval; failures back off; a fetch in flight is not started twice. */
class FetchScheduleTest {
  static final Duration MINUTE = Duration.ofSeconds(60);
  final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void hundredsOfRepositoriesSpreadOverTheIntervalInsteadOfOneSecond() {
    FetchSchedule s = new FetchSchedule(MINUTE, new Random(42));
    List<String> urls =
        IntStream.range(0, 300).mapToObj(i -> "https://git.example.com/r" + i).toList();
    assertThat(s.due(t0, urls)).as("just cloned by their first reconcile").isEmpty();
    int maxInOneSecond = 0;
    int total = 0;
    for (int second = 1; second <= 60; second++) {
      int n = s.due(t0.plusSeconds(second), urls).size();
      maxInOneSecond = Math.max(maxInOneSecond, n);
      total += n;
    }
    assertThat(total).isEqualTo(300);
    assertThat(maxInOneSecond).as("at most a small share in any one second").isLessThan(30);
    assertThat(s.due(t0.plusSeconds(61), urls)).as("each once per interval").isEmpty();
  }

  @Test
  void failuresBackOffExponentiallyUpToACap() {
    FetchSchedule s = new FetchSchedule(MINUTE, new Random(1));
    assertThat(s.backoff(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.backoff(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.backoff(4)).isEqualTo(Duration.ofSeconds(40));
    assertThat(s.backoff(30)).isEqualTo(Duration.ofMinutes(5));

    String url = "https://git.example.com/down";
    Duration wait = s.failed(url, t0);
    assertThat(wait).isBetween(Duration.ofMillis(4500), Duration.ofMillis(5500));
    assertThat(s.due(t0.plus(wait).minusMillis(1), List.of(url))).isEmpty();
    assertThat(s.due(t0.plus(wait), List.of(url))).containsExactly(url);
    s.succeeded(url, t0.plusSeconds(10));
    assertThat(s.failures(url)).isZero();
  }
}
