package io.gitops.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** Who changed what, when, from where, and how it ended. Rows are only ever added. */
public final class AuditStore {
  private static final String INSERT = Sql.load("audit-insert");

  private final Pool pool;

  public AuditStore(Pool pool) {
    this.pool = pool;
  }

  public record Entry(String subject, String tenant, String tokenId, String action, String target,
      String sourceIp, String outcome, JsonObject detail) {}

  public Future<Void> record(Entry e) {
    Tuple args = Tuple.tuple()
        .addString(e.subject()).addString(e.tenant()).addString(e.tokenId())
        .addString(e.action()).addString(e.target()).addString(e.sourceIp())
        .addString(e.outcome()).addValue(e.detail() == null ? new JsonObject() : e.detail());
    return pool.preparedQuery(INSERT).execute(args).mapEmpty();
  }
}
