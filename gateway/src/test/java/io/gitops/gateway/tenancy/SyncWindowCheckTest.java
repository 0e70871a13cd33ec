package io.gitops.gateway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which window blocks a sync, and when the first sync may run: what the app status tells a user.
 */
class SyncWindowCheckTest {
  static SyncWindow deny(String cron, Duration d, boolean manual) {
    return new SyncWindow(SyncWindow.Kind.DENY, cron, d, List.of(), manual);
  }

  static SyncWindow allow(String cron, Duration d) {
    return new SyncWindow(SyncWindow.Kind.ALLOW, cron, d, List.of(), false);
  }

  static final Instant MONDAY_2230 = Instant.parse("2030-01-07T22:30:00Z");

  @Test
  void anOpenDenyWindowBlocksUntilItCloses() {
    var b =
        SyncWindowCheck.blocking(
            List.of(deny("0 22 * * *", Duration.ofHours(8), false)), "dev", MONDAY_2230, false);
    assertThat(b).isPresent();
    assertThat(b.get().message("automated sync"))
        .isEqualTo("sync window 'deny 0 22 * * * 8h' blocks automated sync until 06:00 UTC");
    assertThat(b.get().opensIn()).isEqualTo(Duration.ofMinutes(450));
  }

  @Test
  void overlappingDenyWindowsBlockUntilTheLastOneCloses() {
    var b =
        SyncWindowCheck.blocking(
            List.of(
                deny("0 22 * * *", Duration.ofHours(8), false),
                deny("0 5 * * *", Duration.ofHours(3), false)),
            "dev",
            MONDAY_2230,
            false);
    assertThat(b.get().until()).isEqualTo(Instant.parse("2030-01-08T08:00:00Z"));
  }

  @Test
  void outsideAWeekdayAllowWindowTheNextOpeningMayBeDaysAwayAndCarriesItsDate() {
    Instant friday = Instant.parse("2030-01-11T18:00:00Z");
    var b =
        SyncWindowCheck.blocking(
            List.of(allow("0 9 * * 1-5", Duration.ofHours(8))), "dev", friday, false);
    assertThat(b.get().message("automated sync"))
        .isEqualTo(
            "outside sync window 'allow 0 9 * * 1-5 8h': automated sync blocked until 2030-01-14 09:00 UTC");
  }

  @Test
  void aDenyWindowThatLetsManualSyncsThroughBlocksOnlyAutomatedOnes() {
    List<SyncWindow> w = List.of(deny("0 22 * * *", Duration.ofHours(8), true));
    assertThat(SyncWindowCheck.blocking(w, "dev", MONDAY_2230, true)).isEmpty();
    assertThat(SyncWindowCheck.blocking(w, "dev", MONDAY_2230, false)).isPresent();
  }

  @Test
  void windowsForOtherClustersDoNotApply() {
    SyncWindow prod =
        new SyncWindow(
            SyncWindow.Kind.DENY, "0 22 * * *", Duration.ofHours(8), List.of("prod-*"), false);
    assertThat(SyncWindowCheck.blocking(List.of(prod), "dev", MONDAY_2230, false)).isEmpty();
    assertThat(SyncWindowCheck.blocking(List.of(prod), "prod-eu", MONDAY_2230, false)).isPresent();
  }

  @Test
  void aDenyWindowInsideTheOnlyAllowWindowBlocksUntilItEndsIfTheAllowWindowIsStillOpen() {
    Instant at = Instant.parse("2030-01-07T12:10:00Z");
    var b =
        SyncWindowCheck.blocking(
            List.of(
                allow("0 9 * * *", Duration.ofHours(8)),
                deny("0 12 * * *", Duration.ofMinutes(30), false)),
            "dev",
            at,
            false);
    assertThat(b.get().window().kind()).isEqualTo(SyncWindow.Kind.DENY);
    assertThat(b.get().until()).isEqualTo(Instant.parse("2030-01-07T12:30:00Z"));
  }
}
