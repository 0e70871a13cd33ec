package io.gitops.gateway.tenancy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Where tenant definitions are kept: a mirror of the tenant files (source 'file') and the
 * definitions made through the admin API (source 'api'). Tenancy owns this interface and {@code
 * store.TenantStore} implements it, so permission code never sees SQL.
 */
public interface TenantRecords {
  Future<Void> mirrorFile(String name, String displayName, JsonObject definition);

  /** False when a file defines the tenant (its row is left as it is). */
  Future<Boolean> upsertApi(String name, String displayName, JsonObject definition);

  Future<List<JsonObject>> listApi();

  /** Deletes the row if it has the given source ('file' or 'api'). */
  Future<Boolean> delete(String name, String source);
}
