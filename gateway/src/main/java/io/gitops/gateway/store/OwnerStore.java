package io.gitops.gateway.store;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.TenantId;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which replica owns each app, and at which epoch ({@code app_owners}, several replicas only). A
 * claim bumps the epoch; the owner's fence asks whether it still holds the epoch it claimed.
 */
public final class OwnerStore {
  private static final String CLAIM = Sql.load("owner-claim");
  private static final String HOLDS = Sql.load("owner-holds");
  private static final String COUNT = Sql.load("owner-count");

  private final Pool pool;

  public OwnerStore(Pool pool) {
    this.pool = pool;
  }

  /** Claims the apps for {@code owner}; returns the epoch of each claimed (deleted apps absent). */
  public Future<Map<AppId, Long>> claim(Collection<AppId> apps, String owner) {
    if (apps.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<String> tenants = apps.stream().map(a -> a.tenant().value()).toList();
    List<String> names = apps.stream().map(AppId::name).toList();
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(tenants.toArray(new String[0]), names.toArray(new String[0]), owner))
        .map(
            rows -> {
              Map<AppId, Long> out = new HashMap<>();
              for (Row row : rows) {
                out.put(
                    new AppId(new TenantId(row.getString("tenant")), row.getString("app")),
                    row.getLong("epoch"));
              }
              return out;
            });
  }

  /** True while {@code owner} holds the app at {@code epoch} (nobody claimed it since). */
  public Future<Boolean> holds(AppId app, String owner, long epoch) {
    return pool.preparedQuery(HOLDS)
        .execute(Tuple.of(app.tenant().value(), app.name(), owner, epoch))
        .map(rows -> rows.size() > 0);
  }

  /** Apps per owner. */
  public Future<Map<String, Long>> counts() {
    return pool.query(COUNT)
        .execute()
        .map(
            rows -> {
              Map<String, Long> out = new LinkedHashMap<>();
              rows.forEach(r -> out.put(r.getString("owner"), r.getLong("apps")));
              return out;
            });
  }
}
