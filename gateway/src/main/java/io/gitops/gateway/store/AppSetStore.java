package io.gitops.gateway.store;

import io.gitops.gateway.model.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** App sets: the spec as the tenant wrote it (checked JSON) and the last status the set reached. */
public final class AppSetStore {
  private static final String UPSERT = Sql.load("appset-upsert");
  private static final String GET = Sql.load("appset-get");
  private static final String LIST_TENANT = Sql.load("appset-list-tenant");
  private static final String LIST_ALL = Sql.load("appset-list-all");
  private static final String DELETE = Sql.load("appset-delete");
  private static final String STATUS = Sql.load("appset-status-update");

  /** One stored set. */
  public record Stored(
      TenantId tenant, String name, JsonObject spec, JsonObject status, long version) {}

  /** After a write: created (201) or replaced (200), and the new version. */
  public record Written(boolean created, long version) {}

  private final Pool pool;

  public AppSetStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Written> put(TenantId tenant, String name, JsonObject spec) {
    return pool.preparedQuery(UPSERT)
        .execute(Tuple.of(tenant.value(), name, spec))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new Written(r.getBoolean("created"), r.getLong("version"));
            });
  }

  public Future<Optional<Stored>> get(TenantId tenant, String name) {
    return pool.preparedQuery(GET)
        .execute(Tuple.of(tenant.value(), name))
        .map(rows -> all(rows).stream().findFirst());
  }

  public Future<List<Stored>> list(TenantId tenant) {
    return pool.preparedQuery(LIST_TENANT).execute(Tuple.of(tenant.value())).map(AppSetStore::all);
  }

  public Future<List<Stored>> listAll() {
    return pool.preparedQuery(LIST_ALL).execute().map(AppSetStore::all);
  }

  public Future<Boolean> delete(TenantId tenant, String name) {
    return pool.preparedQuery(DELETE)
        .execute(Tuple.of(tenant.value(), name))
        .map(rows -> rows.rowCount() > 0);
  }

  public Future<Void> status(TenantId tenant, String name, JsonObject status) {
    return pool.preparedQuery(STATUS).execute(Tuple.of(tenant.value(), name, status)).mapEmpty();
  }

  private static List<Stored> all(RowSet<Row> rows) {
    List<Stored> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new Stored(
              new TenantId(r.getString("tenant")),
              r.getString("name"),
              r.getJsonObject("spec"),
              r.getJsonObject("status"),
              r.getLong("version")));
    }
    return out;
  }
}
