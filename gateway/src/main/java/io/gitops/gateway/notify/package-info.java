/**
 * Notifications: per tenant, webhook targets that are told when a sync succeeds or fails, an app
 * turns Degraded or stays out of sync too long. Targets' URLs pass the same egress rule as
 * repository URLs; their secrets are stored encrypted by {@code store}, which implements {@link
 * io.gitops.gateway.notify.NotificationRecords}; deliveries go out through Vert.x's non-blocking
 * client, retried with backoff, each one recorded.
 */
package io.gitops.gateway.notify;
