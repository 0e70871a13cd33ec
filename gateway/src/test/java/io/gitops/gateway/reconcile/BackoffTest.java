package io.gitops.gateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The self-heal backoff: 2 s doubling to a 5 min cap while drift keeps coming back, reset after
 * quiet.
 */
class BackoffTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void doublesWhileAttemptsFollowEachOtherAndIsCapped() {
    Backoff b = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));
    assertThat(b.wait(T0)).isZero();
    b.attempted(T0);
    assertThat(b.wait(T0.plusMillis(500))).isEqualTo(Duration.ofMillis(1500));
    Instant t = T0.plusSeconds(2);
    for (int i = 0; i < 12; i++) {
      assertThat(b.wait(t)).isZero();
      b.attempted(t);
      t = t.plus(b.current());
    }
    assertThat(b.current()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void resetsAfterAQuietSpellOfTwiceTheDelay() {
    Backoff b = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));
    b.attempted(T0);
    b.attempted(T0.plusSeconds(2));
    assertThat(b.current()).isEqualTo(Duration.ofSeconds(4));
    b.attempted(T0.plusSeconds(60));
    assertThat(b.streak()).isEqualTo(1);
    assertThat(b.current()).isEqualTo(Duration.ofSeconds(2));
  }
}
