package io.gitops.gateway.api.rest;

import io.gitops.gateway.config.WebhookSecrets;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.reconcile.AppControl;
import io.gitops.gateway.source.WebhookDelivery;
import io.gitops.gateway.source.Webhooks;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST /api/v1/webhooks/git}: push events from GitHub, GitLab, Gitea/Forgejo and Bitbucket
 * Cloud. Not behind bearer auth (providers sign their deliveries instead), so it is mounted on the
 * root router before the authenticated API. A bad or missing signature is 401 and changes nothing;
 * a push fetches only the repositories it names and reconciles only the apps it changed.
 */
public final class WebhookRoutes {
  public static final String PATH = "/api/v1/webhooks/git";
  private static final long MAX_BODY_BYTES = 5L * 1024 * 1024;

  private final WebhookSecrets secrets;
  private final AppControl loop;
  private final GatewayMetrics metrics;

  public WebhookRoutes(WebhookSecrets secrets, AppControl loop, GatewayMetrics metrics) {
    this.secrets = secrets;
    this.loop = loop;
    this.metrics = metrics;
  }

  public void mount(Router root) {
    root.post(PATH)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::deliver);
  }

  private void deliver(RoutingContext ctx) {
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    WebhookDelivery delivery = Webhooks.read(name -> ctx.request().getHeader(name), body, secrets);
    metrics.webhookDelivered(delivery.provider(), delivery.result());
    if (delivery instanceof WebhookDelivery.Unauthorized u) {
      Problems.send(ctx, 401, u.reason(), null);
    } else if (delivery instanceof WebhookDelivery.Invalid i) {
      Problems.send(ctx, 400, i.reason(), i.field());
    } else if (delivery instanceof WebhookDelivery.Ignored i) {
      ctx.json(new JsonObject().put("provider", i.provider()).put("ignored", i.reason()));
    } else if (delivery instanceof WebhookDelivery.Push p) {
      loop.pushed(p.event().repoKeys(), p.event().hint())
          .onSuccess(
              queued ->
                  ctx.response()
                      .setStatusCode(202)
                      .putHeader("content-type", "application/json")
                      .end(
                          new JsonObject()
                              .put("provider", p.provider())
                              .put(
                                  "repositories",
                                  new JsonObject(new java.util.TreeMap<String, Object>(queued)))
                              .encode()))
          .onFailure(ctx::fail);
    }
  }
}
