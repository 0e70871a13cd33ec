package io.gitops.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An unreachable cluster is probed less and less often, up to a cap, and every tick again once it
 * answers.
 */
class ProbeScheduleTest {
  /**
   * The ticks (0-based) on which the schedule probes over {@code ticks} ticks, each probe answering
   * {@code answers}.
   */
  static List<Integer> probedTicks(ProbeSchedule schedule, int ticks, boolean answers) {
    List<Integer> probed = new ArrayList<>();
    for (int t = 0; t < ticks; t++) {
      if (schedule.due()) {
        probed.add(t);
        schedule.answered(answers);
      }
    }
    return probed;
  }

  @Test
  void failuresDoubleTheGapUpToTheCap() {
    List<Integer> probed = probedTicks(new ProbeSchedule(), 200, false);
    assertThat(probed).startsWith(0, 2, 6, 14, 30, 46, 62);
    for (int i = 5; i < probed.size(); i++) {
      assertThat(probed.get(i) - probed.get(i - 1)).as("capped").isEqualTo(ProbeSchedule.MAX_SKIP);
    }
  }

  @Test
  void anAnswerBringsBackProbingEveryTick() {
    ProbeSchedule schedule = new ProbeSchedule();
    probedTicks(schedule, 40, false);
    int waited = 0;
    while (!schedule.due()) {
      waited++;
    }
    assertThat(waited).isLessThanOrEqualTo(ProbeSchedule.MAX_SKIP);
    schedule.answered(true);
    assertThat(probedTicks(schedule, 5, true)).containsExactly(0, 1, 2, 3, 4);
  }
}
