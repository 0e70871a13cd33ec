package io.gitops.gateway.store;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.OperationState;
import io.gitops.gateway.model.SyncOutcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The history of sync operations, one row each: written Running when it starts, finished with its
 * phase (Succeeded, Failed, Error) and the outcome per object; paged newest first; expired after
 * the retention. Also the per-app pauses of automated sync that a rollback sets.
 */
public final class OperationStore {
  private static final String INSERT = Sql.load("operation-insert");
  private static final String START = Sql.load("operation-start");
  private static final String FINISH = Sql.load("operation-finish");
  private static final String PAGE = Sql.load("operation-page");
  private static final String PAGE_MANY = Sql.load("operation-page-many");
  private static final String GET = Sql.load("operation-get");
  private static final String SUCCEEDED_REVISION = Sql.load("operation-succeeded-revision");
  private static final String RUNNING = Sql.load("operation-running");
  private static final String LAST_PER_APP = Sql.load("operation-last-per-app");
  private static final String LATEST_PER_APP = Sql.load("operation-latest-per-app");
  private static final String EXPIRE = Sql.load("operation-expire");
  private static final String PAUSE = Sql.load("pause-upsert");
  private static final String UNPAUSE = Sql.load("pause-delete");
  private static final String PAUSES = Sql.load("pause-list");

  private final Pool pool;

  public OperationStore(Pool pool) {
    this.pool = pool;
  }

  /** A finished operation recorded in one go (the walking skeleton's form). */
  public record Operation(
      AppId app,
      String revision,
      String triggeredBy,
      String phase,
      String message,
      List<SyncOutcome> outcomes,
      Instant startedAt) {}

  /** One row of history as stored. {@code finishedAt} is null while Running. */
  public record OperationRow(
      long id,
      AppId app,
      String revision,
      String triggeredBy,
      String phase,
      String message,
      JsonArray results,
      JsonObject options,
      Instant startedAt,
      Instant finishedAt) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("revision", revision)
          .put("triggeredBy", triggeredBy)
          .put("phase", phase)
          .put("message", message)
          .put("options", options)
          .put("results", results)
          .put("startedAt", startedAt.toString())
          .put("finishedAt", finishedAt == null ? null : finishedAt.toString());
    }
  }

  /**
   * Automated sync paused for an app until Git's head moves past {@code headRevision} or a user
   * resumes.
   */
  public record Pause(
      AppId app, String reason, String rollbackRevision, String headRevision, String pausedBy) {}

  public Future<Long> record(Operation op) {
    Tuple args =
        Tuple.tuple()
            .addString(op.app().tenant().value())
            .addString(op.app().name())
            .addString(op.revision())
            .addString(op.triggeredBy())
            .addString(op.phase())
            .addString(op.message())
            .addValue(results(op.outcomes()))
            .addOffsetDateTime(op.startedAt().atOffset(ZoneOffset.UTC));
    return pool.preparedQuery(INSERT)
        .execute(args)
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  /** Writes a Running operation before anything is applied; returns its id. */
  public Future<Long> start(
      AppId app, String revision, String triggeredBy, String message, JsonObject options) {
    Tuple args =
        Tuple.of(app.tenant().value(), app.name(), revision, triggeredBy, message, options);
    return pool.preparedQuery(START)
        .execute(args)
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  /** Finishes a Running operation; false if it was not Running any more. */
  public Future<Boolean> finish(long id, String phase, String message, List<SyncOutcome> outcomes) {
    return pool.preparedQuery(FINISH)
        .execute(Tuple.of(id, phase, message, results(outcomes)))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * Newest first, operations with an id below {@code before} (keyset paging: pass the last id
   * seen).
   */
  public Future<List<OperationRow>> page(AppId app, long before, int limit) {
    return pool.preparedQuery(PAGE)
        .execute(Tuple.of(app.tenant().value(), app.name(), before, limit))
        .map(OperationStore::rows);
  }

  /**
   * {@link #page} for many apps in one query (the sync_operations_app index per app): each app's
   * rows newest first; an app without operations maps to an empty list.
   */
  public Future<Map<AppId, List<OperationRow>>> pages(List<AppId> apps, long before, int limit) {
    String[] tenants = apps.stream().map(a -> a.tenant().value()).toArray(String[]::new);
    String[] names = apps.stream().map(AppId::name).toArray(String[]::new);
    return pool.preparedQuery(PAGE_MANY)
        .execute(Tuple.of(tenants, names, before, limit))
        .map(
            rows -> {
              Map<AppId, List<OperationRow>> out = new HashMap<>();
              apps.forEach(a -> out.put(a, new ArrayList<>()));
              rows.forEach(
                  r -> {
                    OperationRow row = row(r);
                    out.computeIfAbsent(row.app(), a -> new ArrayList<>()).add(row);
                  });
              return out;
            });
  }

  public Future<java.util.Optional<OperationRow>> get(AppId app, long id) {
    return pool.preparedQuery(GET)
        .execute(Tuple.of(app.tenant().value(), app.name(), id))
        .map(
            rows ->
                rows.size() == 0
                    ? java.util.Optional.<OperationRow>empty()
                    : java.util.Optional.of(row(rows.iterator().next())));
  }

  /**
   * The newest Succeeded operation of the app at {@code revision} (a full SHA or a prefix of it).
   */
  public Future<java.util.Optional<OperationRow>> succeededAt(AppId app, String revision) {
    return pool.preparedQuery(SUCCEEDED_REVISION)
        .execute(Tuple.of(app.tenant().value(), app.name(), revision))
        .map(
            rows ->
                rows.size() == 0
                    ? java.util.Optional.<OperationRow>empty()
                    : java.util.Optional.of(row(rows.iterator().next())));
  }

  /** Operations left Running, i.e. cut short by a stop of the gateway. */
  public Future<List<OperationRow>> running() {
    return pool.query(RUNNING).execute().map(OperationStore::rows);
  }

  /** The revision of each app's last finished operation: what automated sync already tried. */
  public Future<Map<AppId, String>> lastRevisions() {
    return pool.query(LAST_PER_APP)
        .execute()
        .map(
            rows -> {
              Map<AppId, String> out = new HashMap<>();
              rows.forEach(
                  r -> {
                    if (r.getString("revision") != null) {
                      out.put(
                          AppId.of(r.getString("tenant"), r.getString("app")),
                          r.getString("revision"));
                    }
                  });
              return out;
            });
  }

  /** Each app's newest operation, running or finished: what the live feed shows after a restart. */
  public Future<Map<AppId, OperationState>> latest() {
    return pool.query(LATEST_PER_APP)
        .execute()
        .map(
            rows -> {
              Map<AppId, OperationState> out = new HashMap<>();
              rows.forEach(
                  r ->
                      out.put(
                          AppId.of(r.getString("tenant"), r.getString("app")),
                          new OperationState(
                              r.getLong("id"),
                              r.getString("phase"),
                              r.getString("message"),
                              r.getString("revision"),
                              r.getOffsetDateTime("started_at").toInstant())));
              return out;
            });
  }

  /** Deletes finished operations older than {@code retention}; returns how many. */
  public Future<Integer> expire(Duration retention) {
    return pool.preparedQuery(EXPIRE)
        .execute(Tuple.of((double) retention.toSeconds()))
        .map(rows -> rows.rowCount());
  }

  public Future<Void> pause(Pause p) {
    return pool.preparedQuery(PAUSE)
        .execute(
            Tuple.of(
                p.app().tenant().value(),
                p.app().name(),
                p.reason(),
                p.rollbackRevision(),
                p.headRevision(),
                p.pausedBy()))
        .mapEmpty();
  }

  public Future<Void> unpause(AppId app) {
    return pool.preparedQuery(UNPAUSE)
        .execute(Tuple.of(app.tenant().value(), app.name()))
        .mapEmpty();
  }

  public Future<List<Pause>> pauses() {
    return pool.query(PAUSES)
        .execute()
        .map(
            rows -> {
              List<Pause> out = new ArrayList<>();
              rows.forEach(
                  r ->
                      out.add(
                          new Pause(
                              AppId.of(r.getString("tenant"), r.getString("app")),
                              r.getString("reason"),
                              r.getString("rollback_revision"),
                              r.getString("head_revision"),
                              r.getString("paused_by"))));
              return out;
            });
  }

  private static JsonArray results(List<SyncOutcome> outcomes) {
    JsonArray results = new JsonArray();
    for (SyncOutcome o : outcomes) {
      JsonObject r =
          new JsonObject()
              .put("result", o.getClass().getSimpleName())
              .put("group", o.key().group())
              .put("kind", o.key().kind())
              .put("namespace", o.key().namespace())
              .put("name", o.key().name());
      if (o instanceof SyncOutcome.Failed f) {
        r.put("message", f.message());
      } else if (o instanceof SyncOutcome.Skipped s) {
        r.put("message", s.message());
      }
      results.add(r);
    }
    return results;
  }

  private static List<OperationRow> rows(io.vertx.sqlclient.RowSet<Row> rows) {
    List<OperationRow> out = new ArrayList<>();
    rows.forEach(r -> out.add(row(r)));
    return out;
  }

  private static OperationRow row(Row r) {
    OffsetDateTime finished = r.getOffsetDateTime("finished_at");
    return new OperationRow(
        r.getLong("id"),
        AppId.of(r.getString("tenant"), r.getString("app")),
        r.getString("revision"),
        r.getString("triggered_by"),
        r.getString("phase"),
        r.getString("message"),
        (JsonArray) r.getValue("results"),
        (JsonObject) r.getValue("options"),
        r.getOffsetDateTime("started_at").toInstant(),
        finished == null ? null : finished.toInstant());
  }
}
