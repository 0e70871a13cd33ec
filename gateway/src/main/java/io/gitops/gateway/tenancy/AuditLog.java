package io.gitops.gateway.tenancy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Who changed what, when, from where, and how it ended. Tenancy owns this interface and {@code
 * store.AuditStore} implements it, so the tenant registry records without knowing SQL.
 */
public interface AuditLog {
  record Entry(
      String subject,
      String tenant,
      String tokenId,
      String action,
      String target,
      String sourceIp,
      String outcome,
      JsonObject detail) {}

  Future<Void> record(Entry e);
}
