package io.gitops.gateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reasons a reconcile runs, as a table: what each may do, and which wins when two collapse into
 * one run.
 */
class IntentTest {
  private static final Intent SYNC = Intent.syncBy("ann", true, null);
  private static final Intent ROLLBACK = Intent.rollbackBy("bob", "abc123");
  private static final Intent RETRY = SYNC.retriedAs("retry 1/5 of ann");
  private static final Intent OBSERVE = Intent.OBSERVE;

  static Stream<Arguments> merges() {
    return Stream.of(
        Arguments.of(OBSERVE, OBSERVE, OBSERVE),
        Arguments.of(OBSERVE, SYNC, SYNC),
        Arguments.of(SYNC, OBSERVE, SYNC),
        Arguments.of(RETRY, SYNC, SYNC),
        Arguments.of(SYNC, RETRY, SYNC),
        Arguments.of(RETRY, OBSERVE, RETRY),
        Arguments.of(SYNC, ROLLBACK, SYNC));
  }

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @MethodSource("merges")
  void aSyncRequestIsNeverLostAndAUsersWinsOverARetry(Intent first, Intent second, Intent merged) {
    assertThat(first.merge(second)).isEqualTo(merged);
  }

  @Test
  void aRetryIsAutomatedKeepsTheRequestAndNeverOverridesAWindow() {
    Intent overridden = ROLLBACK.overridingSyncWindow();
    assertThat(overridden.overridesSyncWindow()).isTrue();
    assertThat(overridden.manual()).isTrue();

    Intent retry = overridden.retriedAs("retry 1/5 of bob").retriedAs("retry 2/5 of bob");
    assertThat(retry.automated()).isTrue();
    assertThat(retry.manual()).isFalse();
    assertThat(retry.overridesSyncWindow()).isFalse();
    assertThat(retry.rollback()).isTrue();
    assertThat(retry.revision()).isEqualTo("abc123");
    assertThat(retry.triggeredBy()).isEqualTo("retry 2/5 of bob");
    assertThat(((Intent.Retry) retry).of()).isInstanceOf(Intent.Rollback.class);
  }

  @Test
  void anObserveThatFailedRetriesAsAPlainSync() {
    Intent retry = OBSERVE.retriedAs("retry 1/5 (gateway)");
    assertThat(retry.syncs()).isTrue();
    assertThat(retry.automated()).isTrue();
    assertThat(retry.revision()).isNull();
    assertThat(retry.choices()).isEqualTo(Intent.Choices.APP);
    assertThat(OBSERVE.syncs()).isFalse();
    assertThat(OBSERVE.overridingSyncWindow()).isSameAs(OBSERVE);
  }

  @Test
  void aSyncCarriesTheRequestsChoices() {
    assertThat(SYNC.choices()).isEqualTo(new Intent.Choices(true, null));
    assertThat(RETRY.choices()).isEqualTo(new Intent.Choices(true, null));
    assertThat(SYNC.rollback()).isFalse();
  }
}
