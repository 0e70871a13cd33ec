package io.gitops.gateway.health;

import static io.gitops.gateway.health.Verdicts.degraded;
import static io.gitops.gateway.health.Verdicts.healthy;
import static io.gitops.gateway.health.Verdicts.progressing;
import static io.gitops.gateway.health.Verdicts.suspended;

import io.gitops.gateway.model.HealthResult;
import java.util.Map;

/** Jobs (by their Complete / Failed / Suspended conditions) and CronJobs (by their last runs). */
final class BatchHealth {
  private BatchHealth() {}

  static HealthResult job(Map<String, Object> job) {
    for (Object c : NestedFields.list(job, "status", "conditions")) {
      if (!"True".equals(NestedFields.string(c, "status"))) {
        continue;
      }
      switch (NestedFields.string(c, "type")) {
        case "Failed":
          return degraded(NestedFields.string(c, "message"));
        case "Complete":
          return healthy(NestedFields.string(c, "message"));
        case "Suspended":
          return suspended(NestedFields.string(c, "message"));
        default:
          break;
      }
    }
    if (NestedFields.isTrue(job, "spec", "suspend")) {
      return suspended("Job is suspended");
    }
    return progressing("");
  }

  /**
   * Timestamps are RFC 3339 in UTC, so comparing them as text orders them in time. A CronJob whose
   * last scheduled run has not succeeded (and is no longer running) is Degraded.
   */
  static HealthResult cronJob(Map<String, Object> cron) {
    if (NestedFields.isTrue(cron, "spec", "suspend")) {
      return suspended("CronJob is suspended");
    }
    String scheduled = NestedFields.string(cron, "status", "lastScheduleTime");
    String succeeded = NestedFields.string(cron, "status", "lastSuccessfulTime");
    boolean running = !NestedFields.list(cron, "status", "active").isEmpty();
    if (scheduled.isEmpty()) {
      return healthy("The CronJob has not run yet");
    }
    if (running) {
      return healthy("The CronJob is running");
    }
    if (succeeded.isEmpty() || scheduled.compareTo(succeeded) > 0) {
      return degraded("The CronJob's last run at " + scheduled + " did not succeed");
    }
    return healthy("The CronJob's last run succeeded at " + succeeded);
  }
}
