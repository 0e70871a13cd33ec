package io.gitops.gateway.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's webhook target. {@code url} and {@code headers} are secrets (a Slack or Teams webhook
 * URL is itself a password): stored encrypted, sent only to the target, never returned or logged.
 *
 * @param outOfSyncAfter how long an app must stay OutOfSync before {@link Trigger#OUT_OF_SYNC}
 *     fires
 * @param template the message text, or null for the trigger's default
 */
public record Target(
    String name,
    String url,
    Preset preset,
    Set<Trigger> triggers,
    Duration outOfSyncAfter,
    String template,
    Map<String, String> headers) {
  public static final Duration DEFAULT_OUT_OF_SYNC = Duration.ofMinutes(10);

  public Target {
    triggers = Set.copyOf(triggers);
    headers = Map.copyOf(headers);
    outOfSyncAfter = outOfSyncAfter == null ? DEFAULT_OUT_OF_SYNC : outOfSyncAfter;
  }

  /** The text for one event: the target's template, or the trigger's default. */
  public String text(NotificationEvent e) {
    return (template == null
            ? NotificationTemplate.defaultFor(e.trigger())
            : NotificationTemplate.parse(template))
        .render(e);
  }

  /** What may be shown of a stored target: no URL path or query, no header values. */
  public record Summary(
      String name,
      String urlShown,
      Preset preset,
      Set<Trigger> triggers,
      Duration outOfSyncAfter,
      String template,
      List<String> headerNames,
      Instant updatedAt) {}

  /** One notification sent (or being sent) to a target, with its last attempt. */
  public record Delivery(
      long id,
      String target,
      String app,
      Trigger trigger,
      String status,
      int attempts,
      Integer responseCode,
      String error,
      Instant createdAt,
      Instant updatedAt) {}
}
