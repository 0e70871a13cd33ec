package io.gitops.gateway.tenancy;

import io.gitops.gateway.model.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Where tenants come from: files (re-read periodically on a worker) and the admin API (kept in the
 * database). Both are merged into {@link Access}; where both define a tenant, the file wins. Every
 * reload that changes something is audited as "tenant.reloaded".
 */
public final class TenantRegistry {
  private static final Logger LOG = Logger.getLogger(TenantRegistry.class.getName());

  public enum Source {
    FILE,
    API
  }

  private final Vertx vertx;
  private final Access access;
  private final Path dir;
  private final TenantRecords store;
  private final AuditLog audit;
  private TenantReload.State files = new TenantReload.State(Map.of(), Map.of());
  private final Map<TenantId, Tenant> api = new LinkedHashMap<>();
  private long timer = -1;

  public TenantRegistry(Vertx vertx, Access access, Path dir, TenantRecords store, AuditLog audit) {
    this.vertx = vertx;
    this.access = access;
    this.dir = dir;
    this.store = store;
    this.audit = audit;
  }

  /**
   * Reads the API-made tenants, mirrors the files to the database, and re-reads files every {@code
   * every}.
   */
  public Future<Void> start(Duration every) {
    return vertx
        .executeBlocking(() -> TenantFiles.scan(dir))
        .compose(
            scan -> {
              synchronized (this) {
                files = TenantReload.initial(scan);
              }
              return store.listApi();
            })
        .compose(
            rows -> {
              synchronized (this) {
                rows.forEach(
                    json -> {
                      Tenant t = read(json);
                      api.put(t.id(), t);
                    });
                publish();
              }
              return mirror(files.tenants().values().stream().toList());
            })
        .onSuccess(v -> timer = vertx.setPeriodic(every.toMillis(), id -> reload()));
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Re-reads the files now; completes with what changed (also audited and mirrored). */
  public Future<List<TenantReload.Change>> reload() {
    return vertx
        .executeBlocking(() -> TenantFiles.scan(dir))
        .compose(
            scan -> {
              TenantReload.Result result;
              synchronized (this) {
                result = TenantReload.apply(files, scan);
                files = result.state();
                publish();
              }
              List<Future<Void>> writes = new ArrayList<>();
              for (TenantReload.Change c : result.changes()) {
                LOG.info(
                    "tenant file "
                        + c.file()
                        + ": "
                        + c.kind().name().toLowerCase()
                        + (c.reason().isEmpty() ? "" : " (" + c.reason() + ")"));
                writes.add(record(c));
                TenantId id = tenantId(c.tenant());
                Optional<Tenant> t =
                    id == null
                        ? Optional.empty()
                        : Optional.ofNullable(result.state().tenants().get(id));
                if (c.kind() == TenantReload.Kind.REMOVED) {
                  writes.add(store.delete(c.tenant(), "file").mapEmpty());
                } else if (c.kind() != TenantReload.Kind.REJECTED && t.isPresent()) {
                  writes.add(mirror(List.of(t.get())));
                }
              }
              return Future.all(writes).map(result.changes());
            });
  }

  public synchronized Optional<Source> sourceOf(TenantId id) {
    return files.tenants().containsKey(id)
        ? Optional.of(Source.FILE)
        : api.containsKey(id) ? Optional.of(Source.API) : Optional.empty();
  }

  /**
   * Creates or replaces an API tenant; fails with {@link FileWinsException} where a file defines
   * it.
   */
  public Future<Boolean> putApi(Tenant t) {
    synchronized (this) {
      if (files.tenants().containsKey(t.id())) {
        return Future.failedFuture(new FileWinsException(t.id()));
      }
    }
    return store
        .upsertApi(t.id().value(), t.displayName(), new JsonObject(TenantSchema.write(t)))
        .compose(
            stored -> {
              if (!stored) {
                return Future.failedFuture(new FileWinsException(t.id()));
              }
              synchronized (this) {
                boolean created = api.put(t.id(), t) == null;
                publish();
                return Future.succeededFuture(created);
              }
            });
  }

  public Future<Boolean> deleteApi(TenantId id) {
    synchronized (this) {
      if (files.tenants().containsKey(id)) {
        return Future.failedFuture(new FileWinsException(id));
      }
    }
    return store
        .delete(id.value(), "api")
        .map(
            deleted -> {
              synchronized (this) {
                api.remove(id);
                publish();
              }
              return deleted;
            });
  }

  /** A tenant defined by a file cannot be changed through the API. */
  public static final class FileWinsException extends RuntimeException {
    public FileWinsException(TenantId id) {
      super(
          "tenant " + id + " is defined by the file " + id + ".yaml; the file wins, edit it there",
          null,
          false,
          false);
    }
  }

  /**
   * A tenant from its JSON form (admin API body, database row), by the same schema as the files.
   */
  public static Tenant read(JsonObject json) {
    return TenantSchema.read((Map<?, ?>) plain(json));
  }

  private static Object plain(Object value) {
    if (value instanceof JsonObject o) {
      Map<String, Object> out = new LinkedHashMap<>();
      o.forEach(e -> out.put(e.getKey(), plain(e.getValue())));
      return out;
    }
    if (value instanceof io.vertx.core.json.JsonArray a) {
      List<Object> out = new ArrayList<>();
      a.forEach(v -> out.add(plain(v)));
      return out;
    }
    return value;
  }

  private void publish() {
    Map<TenantId, Tenant> merged = new LinkedHashMap<>(api);
    merged.putAll(files.tenants());
    access.replace(merged);
  }

  private Future<Void> mirror(List<Tenant> tenants) {
    return Future.all(
            tenants.stream()
                .map(
                    t ->
                        store.mirrorFile(
                            t.id().value(), t.displayName(), new JsonObject(TenantSchema.write(t))))
                .toList())
        .mapEmpty();
  }

  private Future<Void> record(TenantReload.Change c) {
    String outcome = c.kind() == TenantReload.Kind.REJECTED ? "rejected" : "success";
    return audit.record(
        new AuditLog.Entry(
            "system",
            c.tenant(),
            null,
            "tenant.reloaded",
            "tenant/" + c.tenant(),
            null,
            outcome,
            new JsonObject()
                .put("file", c.file())
                .put("change", c.kind().name().toLowerCase())
                .put("reason", c.reason())));
  }

  private static TenantId tenantId(String name) {
    try {
      return new TenantId(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
