package io.gitops.gateway.store;

import io.gitops.gateway.tenancy.TenantRecords;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The tenants table: a mirror of the tenant files (source 'file') and the definitions made through
 * the admin API (source 'api'). An API write never overwrites a file's row: the file wins.
 */
public final class TenantStore implements TenantRecords {
  private static final String UPSERT_FILE = Sql.load("tenant-upsert");
  private static final String UPSERT_API = Sql.load("tenant-upsert-api");
  private static final String LIST_API = Sql.load("tenant-list-api");
  private static final String DELETE = Sql.load("tenant-delete");

  private final Pool pool;

  public TenantStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Void> mirrorFile(String name, String displayName, JsonObject definition) {
    return pool.preparedQuery(UPSERT_FILE)
        .execute(Tuple.of(name, displayName, definition))
        .mapEmpty();
  }

  /** False when a file defines the tenant (its row is left as it is). */
  @Override
  public Future<Boolean> upsertApi(String name, String displayName, JsonObject definition) {
    return pool.preparedQuery(UPSERT_API)
        .execute(Tuple.of(name, displayName, definition))
        .map(rows -> rows.rowCount() > 0);
  }

  @Override
  public Future<List<JsonObject>> listApi() {
    return pool.preparedQuery(LIST_API)
        .execute()
        .map(
            rows -> {
              List<JsonObject> out = new ArrayList<>();
              rows.forEach(r -> out.add((JsonObject) r.getValue("definition")));
              return out;
            });
  }

  /** Deletes the row if it has the given source ('file' or 'api'). */
  @Override
  public Future<Boolean> delete(String name, String source) {
    return pool.preparedQuery(DELETE)
        .execute(Tuple.of(name, source))
        .map(rows -> rows.rowCount() > 0);
  }
}
