package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.AppService;
import io.gitops.gateway.codec.AppJson;
import io.gitops.gateway.codec.ArgoApplications;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Moving in from Argo CD: {@code POST /tenants/{t}/apps/import[?dryRun=true][&cluster=NAME]} with
 * one or more {@code Application} documents as YAML ({@code Content-Type: application/yaml}; JSON
 * is YAML too). Every Application becomes an app of the tenant in the path, all in one transaction
 * or none; the answer names, per app, every field that was left out and why ({@link
 * ArgoApplications}). 201 when created, 200 for a dry run (nothing written).
 */
public final class ImportRoutes {
  private final Guard guard;
  private final AppService apps;

  public ImportRoutes(Access access, AppService apps) {
    this.guard = new Guard(access);
    this.apps = apps;
  }

  public void mount(Router api) {
    api.post("/tenants/:tenant/apps/import").handler(this::importApps);
  }

  private void importApps(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.ADMIN);
    boolean dryRun = flag(ctx.queryParams().get("dryRun"));
    String cluster = ctx.queryParams().get("cluster");
    String yaml = ctx.body() == null ? null : ctx.body().asString();
    if (yaml == null || yaml.isBlank()) {
      throw new ApiException(400, "is required: Argo CD Application YAML", "body");
    }
    List<ArgoApplications.Imported> imported = ArgoApplications.read(yaml, cluster);
    apps.importAll(ctx, tenant, imported, dryRun)
        .onSuccess(
            done -> {
              JsonArray items = new JsonArray();
              for (AppService.ImportedApp app : done) {
                JsonArray ignored = new JsonArray();
                app.ignored()
                    .forEach(
                        s ->
                            ignored.add(
                                new JsonObject()
                                    .put("field", s.field())
                                    .put("reason", s.reason())));
                items.add(
                    new JsonObject()
                        .put("name", app.spec().id().name())
                        .put("labels", new JsonObject(new java.util.TreeMap<>(app.labels())))
                        .put("spec", AppJson.specJson(app.spec()))
                        .put("ignored", ignored));
              }
              ctx.response().setStatusCode(dryRun ? 200 : 201);
              ctx.json(new JsonObject().put("dryRun", dryRun).put("items", items));
            })
        .onFailure(ctx::fail);
  }

  private static boolean flag(String raw) {
    if (raw == null || raw.equals("false")) {
      return false;
    }
    if (raw.equals("true")) {
      return true;
    }
    throw new ApiException(400, "must be true or false", "dryRun");
  }
}
