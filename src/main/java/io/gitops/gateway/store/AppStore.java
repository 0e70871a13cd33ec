package io.gitops.gateway.store;

import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.ResourceStatus;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.model.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Applications: their specs (what tenants asked for) and their last reconciled status. */
public final class AppStore {
  private static final String UPSERT = Sql.load("app-upsert");
  private static final String GET = Sql.load("app-get");
  private static final String LIST_TENANT = Sql.load("app-list-tenant");
  private static final String LIST_ALL = Sql.load("app-list-all");
  private static final String UPDATE_STATUS = Sql.load("app-status-update");
  private static final String DELETE = Sql.load("app-delete");

  private final Pool pool;

  public AppStore(Pool pool) {
    this.pool = pool;
  }

  /** Creates or replaces the spec; returns the new version. */
  public Future<Long> upsert(AppSpec spec) {
    Tuple args = Tuple.of(spec.id().tenant().value(), spec.id().name(), AppJson.specJson(spec));
    return pool.preparedQuery(UPSERT).execute(args).map(rows -> rows.iterator().next().getLong("version"));
  }

  public Future<Optional<App>> get(AppId id) {
    return pool.preparedQuery(GET).execute(Tuple.of(id.tenant().value(), id.name()))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(decode(rows.iterator().next())));
  }

  public Future<List<App>> list(TenantId tenant) {
    return pool.preparedQuery(LIST_TENANT).execute(Tuple.of(tenant.value())).map(AppStore::decodeAll);
  }

  public Future<List<App>> listAll() {
    return pool.preparedQuery(LIST_ALL).execute().map(AppStore::decodeAll);
  }

  public Future<Void> updateStatus(AppId id, AppStatus status) {
    JsonArray resources = new JsonArray();
    status.resources().forEach(r -> resources.add(AppJson.resourceJson(r)));
    Tuple args = Tuple.tuple()
        .addString(id.tenant().value()).addString(id.name())
        .addString(status.sync().label()).addString(status.health().label())
        .addString(status.healthMessage()).addString(status.revision())
        .addString(status.message()).addValue(resources);
    return pool.preparedQuery(UPDATE_STATUS).execute(args).mapEmpty();
  }

  public Future<Boolean> delete(AppId id) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(id.tenant().value(), id.name()))
        .map(rows -> rows.rowCount() > 0);
  }

  private static List<App> decodeAll(RowSet<Row> rows) {
    List<App> apps = new ArrayList<>(rows.size());
    rows.forEach(row -> apps.add(decode(row)));
    return apps;
  }

  private static App decode(Row row) {
    AppId id = AppId.of(row.getString("tenant"), row.getString("name"));
    AppSpec spec = AppJson.specFrom(id, (JsonObject) row.getValue("spec"));
    List<ResourceStatus> resources = new ArrayList<>();
    for (Object o : (JsonArray) row.getValue("resources")) {
      JsonObject r = (JsonObject) o;
      resources.add(new ResourceStatus(
          new ResourceKey(r.getString("group"), r.getString("kind"), r.getString("namespace"), r.getString("name")),
          SyncStatus.fromLabel(r.getString("status")),
          r.getString("health") == null ? null : HealthStatus.fromLabel(r.getString("health")),
          r.getString("message")));
    }
    OffsetDateTime at = row.getOffsetDateTime("reconciled_at");
    AppStatus status = new AppStatus(
        SyncStatus.fromLabel(row.getString("sync_status")),
        HealthStatus.fromLabel(row.getString("health_status")),
        row.getString("health_message"), row.getString("revision"), row.getString("status_message"),
        resources, at == null ? null : at.toInstant());
    return new App(spec, row.getLong("version"), status);
  }
}
