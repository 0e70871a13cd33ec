package io.gitops.gateway.store;

import io.gitops.gateway.tenancy.AuditLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Who changed what, when, from where, and how it ended. Rows are only ever added. */
public final class AuditStore implements AuditLog {
  private static final String INSERT = Sql.load("audit-insert");
  private static final String PAGE = Sql.load("audit-page");

  private final Pool pool;

  public AuditStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Void> record(Entry e) {
    Tuple args =
        Tuple.tuple()
            .addString(e.subject())
            .addString(e.tenant())
            .addString(e.tokenId())
            .addString(e.action())
            .addString(e.target())
            .addString(e.sourceIp())
            .addString(e.outcome())
            .addValue(e.detail() == null ? new JsonObject() : e.detail());
    return pool.preparedQuery(INSERT).execute(args).mapEmpty();
  }

  /**
   * Rows newest first, older than {@code beforeId} ({@code Long.MAX_VALUE} for the newest), for one
   * tenant or (tenant null) for all; each row as JSON with its id, the cursor for the next page.
   */
  public Future<List<JsonObject>> page(String tenant, long beforeId, int limit) {
    return pool.preparedQuery(PAGE)
        .execute(Tuple.of(tenant, beforeId, limit))
        .map(
            rows -> {
              List<JsonObject> out = new ArrayList<>();
              rows.forEach(r -> out.add(json(r)));
              return out;
            });
  }

  private static JsonObject json(Row r) {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("at", r.getOffsetDateTime("at").toInstant().toString())
        .put("subject", r.getString("subject"))
        .put("tenant", r.getString("tenant"))
        .put("tokenId", r.getString("token_id"))
        .put("action", r.getString("action"))
        .put("target", r.getString("target"))
        .put("from", r.getString("source_ip"))
        .put("outcome", r.getString("outcome"))
        .put("detail", r.getValue("detail"));
  }
}
