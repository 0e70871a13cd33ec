package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.Audit;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.notify.NotificationTemplate;
import io.gitops.gateway.notify.Notifier;
import io.gitops.gateway.notify.Preset;
import io.gitops.gateway.notify.Target;
import io.gitops.gateway.notify.TargetUrl;
import io.gitops.gateway.notify.Trigger;
import io.gitops.gateway.source.RepoUrlPolicy;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's notification targets (admin) and their deliveries (viewer). A target's URL and headers
 * are write-only: a PUT takes them, answers show only the URL's scheme, host and port and the
 * header names.
 *
 * <pre>
 * PUT    /tenants/{t}/notifications/targets/{name}  {"url": "https://hooks.slack.com/services/…", "preset": "slack",
 *                                                   "triggers": ["sync-failed", "health-degraded", "out-of-sync"],
 *                                                   "outOfSyncAfterSeconds": 900, "template": "{{app}}: {{message}}",
 *                                                   "headers": {"Authorization": "Bearer …"}}
 * GET    /tenants/{t}/notifications/targets
 * DELETE /tenants/{t}/notifications/targets/{name}
 * GET    /tenants/{t}/notifications/deliveries?limit=50
 * </pre>
 */
public final class NotificationRoutes {
  private static final Set<String> FIELDS =
      Set.of("url", "preset", "triggers", "outOfSyncAfterSeconds", "template", "headers");
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Set<String> RESERVED_HEADERS =
      Set.of("host", "content-length", "content-type", "transfer-encoding", "connection");
  private static final int MAX_HEADERS = 10;
  private static final int MAX_HEADER_VALUE = 4096;

  private final Guard guard;
  private final Notifier notifier;
  private final RepoUrlPolicy policy;
  private final Audit audit;

  public NotificationRoutes(Access access, Notifier notifier, RepoUrlPolicy policy, Audit audit) {
    this.guard = new Guard(access);
    this.notifier = notifier;
    this.policy = policy;
    this.audit = audit;
  }

  public void mount(Router api) {
    api.get("/tenants/:tenant/notifications/targets").handler(this::list);
    api.put("/tenants/:tenant/notifications/targets/:name").handler(this::put);
    api.delete("/tenants/:tenant/notifications/targets/:name").handler(this::delete);
    api.get("/tenants/:tenant/notifications/deliveries").handler(this::deliveries);
  }

  private void list(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.ADMIN);
    notifier
        .records()
        .summaries(tenant)
        .onSuccess(
            all -> {
              JsonArray items = new JsonArray();
              all.forEach(s -> items.add(json(s)));
              ctx.json(new JsonObject().put("items", items));
            })
        .onFailure(ctx::fail);
  }

  private void put(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.ADMIN);
    String name = ctx.pathParam("name");
    if (!NAME.matcher(name).matches()) {
      throw new ApiException(400, "is not a DNS label (a-z, 0-9, '-', at most 63)", "name");
    }
    Target target = target(name, ctx.body().asJsonObject());
    // The host check asks DNS: a worker's job, like a repository URL's.
    ctx.vertx()
        .executeBlocking(() -> TargetUrl.admit(target.url(), policy), false)
        .recover(
            err ->
                io.vertx.core.Future.failedFuture(
                    err instanceof TargetUrl.Invalid
                        ? new ApiException(400, "url " + err.getMessage(), "url")
                        : err))
        .compose(
            url ->
                notifier
                    .records()
                    .put(tenant, target, url.shown())
                    .compose(
                        created ->
                            audit
                                .record(
                                    ctx,
                                    tenant.value(),
                                    created
                                        ? "notification-target.created"
                                        : "notification-target.updated",
                                    "notification-target/" + name,
                                    "success",
                                    null)
                                .map(created))
                    .compose(
                        created ->
                            notifier
                                .records()
                                .summaries(tenant)
                                .map(
                                    all -> {
                                      notifier.targetsChanged(tenant);
                                      Target.Summary s =
                                          all.stream()
                                              .filter(t -> t.name().equals(name))
                                              .findFirst()
                                              .orElseThrow();
                                      ctx.response().setStatusCode(created ? 201 : 200);
                                      return json(s);
                                    })))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.ADMIN);
    String name = ctx.pathParam("name");
    notifier
        .records()
        .delete(tenant, name)
        .compose(
            deleted ->
                deleted
                    ? audit.record(
                        ctx,
                        tenant.value(),
                        "notification-target.deleted",
                        "notification-target/" + name,
                        "success",
                        null)
                    : io.vertx.core.Future.failedFuture(
                        ApiException.notFound("notification target " + name)))
        .onSuccess(
            v -> {
              notifier.targetsChanged(tenant);
              ctx.response().setStatusCode(204).end();
            })
        .onFailure(ctx::fail);
  }

  private void deliveries(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.VIEWER);
    int limit = limit(ctx.queryParams().get("limit"));
    notifier
        .records()
        .deliveries(tenant, limit)
        .onSuccess(
            all -> {
              JsonArray items = new JsonArray();
              for (Target.Delivery d : all) {
                items.add(
                    new JsonObject()
                        .put("id", d.id())
                        .put("target", d.target())
                        .put("app", d.app())
                        .put("trigger", d.trigger().label())
                        .put("status", d.status())
                        .put("attempts", d.attempts())
                        .put("responseCode", d.responseCode())
                        .put("error", d.error())
                        .put("createdAt", d.createdAt().toString())
                        .put("updatedAt", d.updatedAt().toString()));
              }
              ctx.json(new JsonObject().put("items", items));
            })
        .onFailure(ctx::fail);
  }

  private static int limit(String raw) {
    if (raw == null) {
      return 50;
    }
    try {
      int n = Integer.parseInt(raw);
      if (n >= 1 && n <= 500) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiException(400, "must be a number from 1 to 500", "limit");
  }

  /** The body read and checked; every refusal names its field. */
  static Target target(String name, JsonObject body) {
    if (body == null) {
      throw new ApiException(400, "body must be a JSON object", "body");
    }
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new ApiException(400, "unknown field '" + field + "'", field);
      }
    }
    String url = text(body, "url");
    if (url == null) {
      throw new ApiException(400, "is required", "url");
    }
    String presetLabel = text(body, "preset");
    Preset preset =
        presetLabel == null
            ? Preset.GENERIC
            : Preset.fromLabel(presetLabel)
                .orElseThrow(
                    () -> new ApiException(400, "must be generic, slack or teams", "preset"));
    String template = text(body, "template");
    if (template != null) {
      try {
        NotificationTemplate.parse(template);
      } catch (NotificationTemplate.Invalid e) {
        throw new ApiException(400, "template " + e.getMessage(), "template");
      }
    }
    return new Target(
        name,
        url,
        preset,
        triggers(body.getValue("triggers")),
        outOfSyncAfter(body.getValue("outOfSyncAfterSeconds")),
        template,
        headers(body.getValue("headers")));
  }

  private static Set<Trigger> triggers(Object value) {
    if (!(value instanceof JsonArray list) || list.isEmpty()) {
      throw new ApiException(
          400,
          "must be a non-empty list of sync-succeeded, sync-failed, health-degraded, out-of-sync",
          "triggers");
    }
    Set<Trigger> out = EnumSet.noneOf(Trigger.class);
    for (int i = 0; i < list.size(); i++) {
      Object item = list.getValue(i);
      int at = i;
      out.add(
          Trigger.fromLabel(item instanceof String s ? s : "")
              .orElseThrow(
                  () ->
                      new ApiException(
                          400,
                          "is not one of sync-succeeded, sync-failed, health-degraded, out-of-sync",
                          "triggers[" + at + "]")));
    }
    return out;
  }

  private static Duration outOfSyncAfter(Object value) {
    if (value == null) {
      return Target.DEFAULT_OUT_OF_SYNC;
    }
    if (!(value instanceof Number n)
        || n.longValue() != n.doubleValue()
        || n.longValue() < 60
        || n.longValue() > 7 * 24 * 3600) {
      throw new ApiException(
          400, "must be a whole number of seconds from 60 to 604800", "outOfSyncAfterSeconds");
    }
    return Duration.ofSeconds(n.longValue());
  }

  private static Map<String, String> headers(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject json)) {
      throw new ApiException(400, "must be an object of header names to values", "headers");
    }
    if (json.size() > MAX_HEADERS) {
      throw new ApiException(400, "may hold at most " + MAX_HEADERS + " headers", "headers");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : json) {
      String field = "headers." + e.getKey();
      if (!HEADER.matcher(e.getKey()).matches()
          || RESERVED_HEADERS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
        throw new ApiException(
            400,
            "is not a header name a target may set (letters, digits, '-'; not Host,"
                + " Content-Length, Content-Type, Transfer-Encoding or Connection)",
            field);
      }
      if (!(e.getValue() instanceof String v)
          || v.length() > MAX_HEADER_VALUE
          || v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new ApiException(
            400,
            "must be a string of at most "
                + MAX_HEADER_VALUE
                + " characters without control characters",
            field);
      }
      out.put(e.getKey(), v);
    }
    return out;
  }

  private static JsonObject json(Target.Summary s) {
    return new JsonObject()
        .put("name", s.name())
        .put("url", s.urlShown())
        .put("preset", s.preset().label())
        .put("triggers", new JsonArray(s.triggers().stream().map(Trigger::label).sorted().toList()))
        .put("outOfSyncAfterSeconds", s.outOfSyncAfter().toSeconds())
        .put("template", s.template())
        .put("headerNames", new JsonArray(s.headerNames()))
        .put("updatedAt", s.updatedAt().toString());
  }

  private static String text(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v != null && !(v instanceof String)) {
      throw new ApiException(400, "must be a string", field);
    }
    return (String) v;
  }
}
