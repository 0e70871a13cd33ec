package io.gitops.gateway.notify;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.TenantId;
import io.vertx.core.Future;
import java.util.List;

/** Where targets and deliveries are kept (PostgreSQL, secrets encrypted: {@code store}). */
public interface NotificationRecords {
  /**
   * True when created, false when replaced. {@code urlShown}: what may be shown of the URL (scheme,
   * host, port).
   */
  Future<Boolean> put(TenantId tenant, Target target, String urlShown);

  Future<Boolean> delete(TenantId tenant, String name);

  /** With their secrets, for sending. */
  Future<List<Target>> targets(TenantId tenant);

  Future<List<Target.Summary>> summaries(TenantId tenant);

  /** A new delivery, status "pending"; its id. */
  Future<Long> deliveryStarted(TenantId tenant, String target, AppId app, Trigger trigger);

  Future<Void> deliveryAttempted(
      long id, String status, int attempts, Integer responseCode, String error);

  /** Deletes deliveries older than {@code age}; how many. */
  Future<Integer> expireDeliveries(java.time.Duration age);

  /** The tenant's latest deliveries, newest first. */
  Future<List<Target.Delivery>> deliveries(TenantId tenant, int limit);
}
