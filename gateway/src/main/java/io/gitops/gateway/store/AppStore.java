package io.gitops.gateway.store;

import io.gitops.gateway.codec.AppJson;
import io.gitops.gateway.codec.StatusJson;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.HealthStatus;
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
import java.util.Map;
import java.util.Optional;

/** Applications: their specs (what tenants asked for) and their last reconciled status. */
public final class AppStore {
  private static final String UPSERT = Sql.load("app-upsert");
  private static final String PING = Sql.load("health-ping");
  private static final String GET = Sql.load("app-get");
  private static final String LIST_TENANT = Sql.load("app-list-tenant");
  private static final String LIST_ALL = Sql.load("app-list-all");
  private static final String UPDATE_STATUS = Sql.load("app-status-update");
  private static final String DELETE = Sql.load("app-delete");

  private static final String PAGE = Sql.load("app-page");
  private static final String INSERT = Sql.load("app-insert");
  private static final String UPDATE_IF_VERSION = Sql.load("app-update-if-version");
  private static final String LABELS = Sql.load("app-labels");
  private static final String KEY_GET = Sql.load("idempotency-get");
  private static final String KEY_PUT = Sql.load("idempotency-put");
  private static final String COUNT_BY_TENANT = Sql.load("app-count-by-tenant");

  /** List filters; null means "any". {@code labels} must all match. */
  public record Filter(
      String cluster, String namespace, String sync, String health, Map<String, String> labels) {
    public static final Filter NONE = new Filter(null, null, null, null, Map.of());
  }

  /** One page in name order; {@code more} is true when apps after the last one match too. */
  public record Page(List<Labeled> items, boolean more) {}

  /** An app with its labels (labels are the API's, not part of the reconciled spec). */
  public record Labeled(App app, Map<String, String> labels) {}

  /** A client key's first use: the hash of the request body and the app it created. */
  public record KeyUse(String requestHash, String app) {}

  private final Pool pool;

  public AppStore(Pool pool) {
    this.pool = pool;
  }

  /** Creates or replaces the spec; returns the new version. */
  public Future<Long> upsert(AppSpec spec) {
    Tuple args = Tuple.of(spec.id().tenant().value(), spec.id().name(), AppJson.specJson(spec));
    return pool.preparedQuery(UPSERT)
        .execute(args)
        .map(rows -> rows.iterator().next().getLong("version"));
  }

  public Future<Optional<App>> get(AppId id) {
    return pool.preparedQuery(GET)
        .execute(Tuple.of(id.tenant().value(), id.name()))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(decode(rows.iterator().next())));
  }

  public Future<List<App>> list(TenantId tenant) {
    return pool.preparedQuery(LIST_TENANT)
        .execute(Tuple.of(tenant.value()))
        .map(AppStore::decodeAll);
  }

  /** Apps of a tenant after {@code afterName} (exclusive, "" for the first page), in name order. */
  public Future<Page> page(TenantId tenant, Filter filter, String afterName, int limit) {
    Tuple args =
        Tuple.tuple()
            .addString(tenant.value())
            .addString(afterName == null ? "" : afterName)
            .addString(filter.cluster())
            .addString(filter.namespace())
            .addString(filter.sync())
            .addString(filter.health())
            .addValue(
                filter.labels().isEmpty()
                    ? null
                    : new JsonObject(new java.util.LinkedHashMap<>(filter.labels())))
            .addInteger(limit + 1);
    return pool.preparedQuery(PAGE)
        .execute(args)
        .map(
            rows -> {
              List<Labeled> items = new ArrayList<>();
              for (Row row : rows) {
                items.add(new Labeled(decode(row), labels(row.getValue("labels"))));
              }
              boolean more = items.size() > limit;
              return new Page(more ? items.subList(0, limit) : items, more);
            });
  }

  /** Every app of the tenant matching the filter, page after page (app sets, environments). */
  public Future<List<Labeled>> allMatching(TenantId tenant, Filter filter) {
    List<Labeled> out = new ArrayList<>();
    return pagesAfter(tenant, filter, "", out).map(v -> out);
  }

  private Future<Void> pagesAfter(TenantId tenant, Filter filter, String after, List<Labeled> out) {
    return page(tenant, filter, after, 500)
        .compose(
            p -> {
              out.addAll(p.items());
              return p.more()
                  ? pagesAfter(
                      tenant, filter, p.items().get(p.items().size() - 1).app().id().name(), out)
                  : Future.succeededFuture();
            });
  }

  /** Creates the app unless one of that name exists; the version, or empty when it existed. */
  public Future<Optional<Long>> create(AppSpec spec, Map<String, String> labels) {
    Tuple args =
        Tuple.of(
            spec.id().tenant().value(),
            spec.id().name(),
            AppJson.specJson(spec),
            labelsJson(labels));
    return pool.preparedQuery(INSERT).execute(args).map(AppStore::version);
  }

  /** An app of that name exists already: an import that would create it creates nothing. */
  public static final class NameTaken extends RuntimeException {
    private final String name;

    public NameTaken(String name) {
      super("app " + name + " already exists");
      this.name = name;
    }

    public String name() {
      return name;
    }
  }

  /**
   * Creates every app in one transaction: all of them, or none when one's name is taken ({@link
   * NameTaken}) or anything else fails.
   */
  public Future<Void> createAll(List<AppSpec> specs, List<Map<String, String>> labels) {
    return pool.withTransaction(
        conn -> {
          Future<Void> chain = Future.succeededFuture();
          for (int i = 0; i < specs.size(); i++) {
            AppSpec spec = specs.get(i);
            Tuple args =
                Tuple.of(
                    spec.id().tenant().value(),
                    spec.id().name(),
                    AppJson.specJson(spec),
                    labelsJson(labels.get(i)));
            chain =
                chain.compose(
                    v ->
                        conn.preparedQuery(INSERT)
                            .execute(args)
                            .compose(
                                rows ->
                                    rows.size() == 0
                                        ? Future.failedFuture(new NameTaken(spec.id().name()))
                                        : Future.<Void>succeededFuture()));
          }
          return chain;
        });
  }

  /**
   * Replaces the spec (and the labels unless null) if the stored version is {@code expected} (null:
   * any). The new version, or empty when the app is missing or its version moved on.
   */
  public Future<Optional<Long>> update(AppSpec spec, Map<String, String> labels, Long expected) {
    Tuple args =
        Tuple.tuple()
            .addString(spec.id().tenant().value())
            .addString(spec.id().name())
            .addValue(AppJson.specJson(spec))
            .addValue(labels == null ? null : labelsJson(labels))
            .addLong(expected);
    return pool.preparedQuery(UPDATE_IF_VERSION).execute(args).map(AppStore::version);
  }

  public Future<Map<String, String>> labels(AppId id) {
    return pool.preparedQuery(LABELS)
        .execute(Tuple.of(id.tenant().value(), id.name()))
        .map(
            rows ->
                rows.size() == 0 ? Map.of() : labels(rows.iterator().next().getValue("labels")));
  }

  /** App counts of several tenants in one query (for batched loading); missing tenants count 0. */
  /** One round trip to the database, for readiness. */
  public Future<Void> ping() {
    return pool.query(PING).execute().mapEmpty();
  }

  public Future<Map<TenantId, Integer>> countByTenant(List<TenantId> tenants) {
    String[] names = tenants.stream().map(TenantId::value).toArray(String[]::new);
    return pool.preparedQuery(COUNT_BY_TENANT)
        .execute(Tuple.of(names))
        .map(
            rows -> {
              Map<TenantId, Integer> out = new java.util.HashMap<>();
              tenants.forEach(t -> out.put(t, 0));
              rows.forEach(
                  row ->
                      out.put(new TenantId(row.getString("tenant")), row.getLong("n").intValue()));
              return out;
            });
  }

  public Future<Optional<KeyUse>> keyUse(TenantId tenant, String key) {
    return pool.preparedQuery(KEY_GET)
        .execute(Tuple.of(tenant.value(), key))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(
                        new KeyUse(
                            rows.iterator().next().getString("request_hash"),
                            rows.iterator().next().getString("app"))));
  }

  public Future<Void> rememberKey(TenantId tenant, String key, KeyUse use) {
    return pool.preparedQuery(KEY_PUT)
        .execute(Tuple.of(tenant.value(), key, use.requestHash(), use.app()))
        .mapEmpty();
  }

  private static Optional<Long> version(RowSet<Row> rows) {
    return rows.size() == 0
        ? Optional.empty()
        : Optional.of(rows.iterator().next().getLong("version"));
  }

  private static JsonObject labelsJson(Map<String, String> labels) {
    return new JsonObject(new java.util.LinkedHashMap<>(labels == null ? Map.of() : labels));
  }

  private static Map<String, String> labels(Object value) {
    Map<String, String> out = new java.util.TreeMap<>();
    if (value instanceof JsonObject json) {
      json.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return out;
  }

  public Future<List<App>> listAll() {
    return pool.preparedQuery(LIST_ALL).execute().map(AppStore::decodeAll);
  }

  public Future<Void> updateStatus(AppId id, AppStatus status) {
    JsonArray resources = new JsonArray();
    status.resources().forEach(r -> resources.add(AppJson.resourceJson(r)));
    Tuple args =
        Tuple.tuple()
            .addString(id.tenant().value())
            .addString(id.name())
            .addString(status.sync().label())
            .addString(status.health().label())
            .addString(status.healthMessage())
            .addString(status.revision())
            .addString(status.message())
            .addValue(resources);
    return pool.preparedQuery(UPDATE_STATUS).execute(args).mapEmpty();
  }

  public Future<Boolean> delete(AppId id) {
    return pool.preparedQuery(DELETE)
        .execute(Tuple.of(id.tenant().value(), id.name()))
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
      resources.add(StatusJson.resourceFrom((JsonObject) o));
    }
    OffsetDateTime at = row.getOffsetDateTime("reconciled_at");
    AppStatus status =
        new AppStatus(
            SyncStatus.fromLabel(row.getString("sync_status")),
            HealthStatus.fromLabel(row.getString("health_status")),
            row.getString("health_message"),
            row.getString("revision"),
            row.getString("status_message"),
            resources,
            at == null ? null : at.toInstant());
    return new App(spec, row.getLong("version"), status);
  }
}
