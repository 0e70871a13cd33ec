package io.gitops.gateway.store;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.SyncOutcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The history of sync operations, one row each, with the outcome per object. */
public final class OperationStore {
  private static final String INSERT = Sql.load("operation-insert");

  private final Pool pool;

  public OperationStore(Pool pool) {
    this.pool = pool;
  }

  public record Operation(AppId app, String revision, String triggeredBy, String phase, String message,
      List<SyncOutcome> outcomes, Instant startedAt) {}

  public Future<Long> record(Operation op) {
    JsonArray results = new JsonArray();
    for (SyncOutcome o : op.outcomes()) {
      JsonObject r = new JsonObject()
          .put("result", o.getClass().getSimpleName())
          .put("kind", o.key().kind())
          .put("namespace", o.key().namespace())
          .put("name", o.key().name());
      if (o instanceof SyncOutcome.Failed f) {
        r.put("message", f.message());
      }
      results.add(r);
    }
    Tuple args = Tuple.tuple()
        .addString(op.app().tenant().value()).addString(op.app().name())
        .addString(op.revision()).addString(op.triggeredBy()).addString(op.phase())
        .addString(op.message()).addValue(results)
        .addOffsetDateTime(op.startedAt().atOffset(ZoneOffset.UTC));
    return pool.preparedQuery(INSERT).execute(args).map(rows -> rows.iterator().next().getLong("id"));
  }
}
