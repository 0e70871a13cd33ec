package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.Environments;
import io.gitops.gateway.api.feed.Authenticator;
import io.gitops.gateway.config.LabelSyntax;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * /api/v1/tenants/{tenant}/environments: an application's row per environment (revision, commit
 * subject, live images, sync, health, last change) and the comparison of two environments. The
 * application is {@code appset=<set>} or {@code label=key=value} (repeatable); environments are
 * clusters ({@code by=cluster}, the default) or the values of a cluster label ({@code by=env}).
 */
public final class EnvironmentRoutes {
  private final Guard guard;
  private final Environments environments;

  private final EnvironmentStream stream;

  public EnvironmentRoutes(Access access, Environments environments, Authenticator authenticator) {
    this.guard = new Guard(access);
    this.environments = environments;
    this.stream = new EnvironmentStream(access, environments, authenticator);
  }

  public void mount(Router api) {
    api.get("/tenants/:tenant/environments").handler(this::matrix);
    api.get("/tenants/:tenant/environments/compare").handler(this::compare);
    api.get("/tenants/:tenant/environments/stream")
        .handler(
            ctx -> {
              TenantId tenant = guard.require(ctx, Role.VIEWER);
              stream.open(ctx, tenant, selection(ctx, tenant), by(ctx));
            });
  }

  private void matrix(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.VIEWER);
    environments
        .matrix(tenant, all(ctx) ? Environments.Selection.ALL : selection(ctx, tenant), by(ctx))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void compare(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.VIEWER);
    String a = required(ctx, "a");
    String b = required(ctx, "b");
    environments
        .compare(tenant, selection(ctx, tenant), by(ctx), a, b)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /**
   * {@code all=true}: every app of the tenant in one answer (the UI's versions matrix reads images
   * for all apps at once); alone, never with appset or label, and not for compare.
   */
  private static boolean all(RoutingContext ctx) {
    String all = ctx.request().getParam("all");
    if (all == null || all.equals("false")) {
      return false;
    }
    if (!all.equals("true")) {
      throw new ApiException(400, "must be true or false", "all");
    }
    if (ctx.request().getParam("appset") != null || !ctx.queryParam("label").isEmpty()) {
      throw new ApiException(400, "all=true takes no appset or label", "all");
    }
    return true;
  }

  private static String required(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isBlank() || v.length() > 253) {
      throw new ApiException(400, "is required: an environment name", name);
    }
    return v;
  }

  private static String by(RoutingContext ctx) {
    String by = ctx.request().getParam("by");
    if (by == null || by.equals("cluster")) {
      return "cluster";
    }
    try {
      LabelSyntax.check(Map.of(by, ""));
    } catch (LabelSyntax.Invalid e) {
      throw new ApiException(400, "must be 'cluster' or a cluster label key", "by");
    }
    return by;
  }

  static Environments.Selection selection(RoutingContext ctx, TenantId tenant) {
    String appSet = ctx.request().getParam("appset");
    List<String> labels = ctx.queryParam("label");
    if ((appSet == null) == labels.isEmpty()) {
      throw new ApiException(
          400, "give the application: appset=<set> or label=key=value (not both)", "appset");
    }
    if (appSet != null) {
      try {
        new AppId(tenant, appSet);
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "is not an app set name", "appset");
      }
      return new Environments.Selection(appSet, Map.of());
    }
    Map<String, String> match = new LinkedHashMap<>();
    for (String l : labels) {
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new ApiException(400, "must be key=value", "label");
      }
      match.put(l.substring(0, eq), l.substring(eq + 1));
    }
    try {
      LabelSyntax.check(match);
    } catch (LabelSyntax.Invalid e) {
      throw new ApiException(400, e.getMessage(), "label");
    }
    return new Environments.Selection(null, Map.copyOf(match));
  }
}
