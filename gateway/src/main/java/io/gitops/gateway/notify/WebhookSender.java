package io.gitops.gateway.notify;

import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.source.RepoUrlPolicy;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;

/**
 * Sends one notification to one target: recorded as a delivery, then attempted up to {@code
 * attempts} times with doubling delays. Every attempt re-checks the URL's host on a worker (the
 * egress rule asks DNS), then posts through Vert.x's non-blocking client; no thread waits. A 2xx
 * answer delivers; anything else is retried, and after the last attempt the delivery is failed with
 * the last reason. Redirects are not followed (a redirect could lead past the egress rule). Only
 * status codes and transport errors are recorded: never the URL, a header or the answer's body.
 */
public final class WebhookSender {
  /** How hard to try: attempts in all, the first retry's delay (then doubled), each request's. */
  public record Settings(int attempts, Duration firstRetry, Duration timeout) {
    public static final Settings DEFAULTS =
        new Settings(5, Duration.ofSeconds(1), Duration.ofSeconds(10));
  }

  private final Vertx vertx;
  private final WebClient client;
  private final NotificationRecords records;
  private final RepoUrlPolicy policy;
  private final Settings settings;

  public WebhookSender(
      Vertx vertx, NotificationRecords records, RepoUrlPolicy policy, Settings settings) {
    this.vertx = vertx;
    this.records = records;
    this.policy = policy;
    this.settings = settings;
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setFollowRedirects(false)
                .setConnectTimeout((int) settings.timeout().toMillis())
                .setUserAgent("gitops-gateway-notifications"));
  }

  /** Completes with the delivery's final status ("delivered" or "failed"). */
  public Future<String> send(TenantId tenant, Target target, NotificationEvent event) {
    JsonObject payload = target.preset().payload(event, target.text(event));
    return records
        .deliveryStarted(tenant, target.name(), event.app(), event.trigger())
        .compose(id -> attempt(id, target, payload, 1));
  }

  private Future<String> attempt(long id, Target target, JsonObject payload, int n) {
    return vertx
        .executeBlocking(() -> TargetUrl.admit(target.url(), policy), false)
        .compose(
            url -> post(url, target, payload),
            refused ->
                Future.succeededFuture(
                    new Outcome(null, "refused: " + refused.getMessage(), false)))
        .compose(
            outcome -> {
              boolean delivered = outcome.code() != null && outcome.code() / 100 == 2;
              boolean last = n >= settings.attempts() || !outcome.retryable();
              String status = delivered ? "delivered" : last ? "failed" : "pending";
              return records
                  .deliveryAttempted(id, status, n, outcome.code(), outcome.error())
                  .compose(
                      v ->
                          delivered || last
                              ? Future.succeededFuture(status)
                              : later(backoff(n))
                                  .compose(w -> attempt(id, target, payload, n + 1)));
            });
  }

  /** The answer's status, or why there was none; a refused URL is not retried. */
  private record Outcome(Integer code, String error, boolean retryable) {}

  private Future<Outcome> post(TargetUrl url, Target target, JsonObject payload) {
    var request =
        client
            .requestAbs(io.vertx.core.http.HttpMethod.POST, url.uri().toString())
            .timeout(settings.timeout().toMillis());
    target.headers().forEach(request::putHeader);
    return request
        .sendJsonObject(payload)
        .map(
            r ->
                new Outcome(
                    r.statusCode(),
                    r.statusCode() / 100 == 2 ? null : "answered " + r.statusCode(),
                    true))
        .otherwise(err -> new Outcome(null, transportError(err), true));
  }

  /** The error's class and message, which name host and port at most, never the path. */
  private static String transportError(Throwable err) {
    String m = err.getMessage() == null ? "" : err.getMessage();
    return err.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m.replaceAll("/\\S*", ""));
  }

  private Duration backoff(int attemptsMade) {
    return settings.firstRetry().multipliedBy(1L << Math.min(attemptsMade - 1, 16));
  }

  private Future<Void> later(Duration delay) {
    Promise<Void> p = Promise.promise();
    vertx.setTimer(Math.max(1, delay.toMillis()), t -> p.complete());
    return p.future();
  }

  public void close() {
    client.close();
  }
}
