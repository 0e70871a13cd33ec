package io.gitops.cli.wait;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code app wait --revision abc1234 --health Healthy --sync Synced} judged on the states the feed
 * sends: when it is met, when it fails fast, and when an old revision's state is no verdict.
 */
class WaitConditionTest {
  static final String NEW = "abc1234def5678abc1234def5678abc1234def56";
  static final String OLD = "0000000111111122222223333333444444455555";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # case                                   | sync      | health      | revision | op rev | op phase  | verdict
          at the revision, Synced and Healthy      | Synced    | Healthy     | NEW      | NEW    | Succeeded | Met
          still at the old revision                | Synced    | Healthy     | OLD      | OLD    | Succeeded | Pending
          new revision seen, not applied yet       | OutOfSync | Healthy     | NEW      | OLD    | Succeeded | Pending
          rolling out                              | Synced    | Progressing | NEW      | NEW    | Succeeded | Pending
          applied and Degraded                     | Synced    | Degraded    | NEW      | NEW    | Succeeded | Failed
          sync of the revision failed              | OutOfSync | Progressing | NEW      | NEW    | Failed    | Failed
          sync of the revision errored             | OutOfSync | Healthy     | NEW      | NEW    | Error     | Failed
          fix over a Degraded release, not applied | OutOfSync | Degraded    | NEW      | OLD    | Succeeded | Pending
          fix over a Degraded release, syncing     | OutOfSync | Degraded    | NEW      | NEW    | Running   | Pending
          the old revision Degraded                | Synced    | Degraded    | OLD      | OLD    | Succeeded | Pending
          an old failed sync                       | Synced    | Healthy     | NEW      | OLD    | Failed    | Met
          no operation yet                         | Synced    | Healthy     | NEW      | -      | -         | Met
          """)
  void judges(
      String name,
      String sync,
      String health,
      String revision,
      String opRevision,
      String opPhase,
      String verdict) {
    AppState state =
        new AppState(
            sync, health, "rollout stuck", sha(revision), "msg", sha(opRevision), opPhase, "why");
    Verdict v = new WaitCondition("ABC1234", "Healthy", "Synced").judge(state);
    assertThat(v.getClass().getSimpleName()).isEqualTo(verdict);
  }

  @ParameterizedTest(name = "without a revision: {0} {1}")
  @CsvSource({"Synced,Healthy,Met", "Synced,Degraded,Failed", "OutOfSync,Degraded,Pending"})
  void withoutARevisionTheCurrentStateCounts(String sync, String health, String verdict) {
    AppState state = new AppState(sync, health, null, OLD, null, null, null, null);
    Verdict v = new WaitCondition(null, "Healthy", "Synced").judge(state);
    assertThat(v.getClass().getSimpleName()).isEqualTo(verdict);
  }

  static String sha(String name) {
    return name == null ? null : "NEW".equals(name) ? NEW : OLD;
  }
}
