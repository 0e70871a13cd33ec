package io.gitops.gateway.api.feed;

import io.gitops.gateway.auth.Principal;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.tenancy.Access;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.stream.Collectors;

/** What a feed client asks for: an optional filter and the last sequence number it saw. */
public record FeedRequest(String tenant, String app, String cluster, Long since) {

  /** From query parameters (WebSocket upgrade, SSE); {@code lastEventId} is SSE's resume header. */
  public static FeedRequest of(MultiMap query, String lastEventId) {
    String since = query.get("since") != null ? query.get("since") : lastEventId;
    return new FeedRequest(
        query.get("tenant"), query.get("app"), query.get("cluster"), number(since));
  }

  /** From a WebSocket {@code subscribe} message. */
  public static FeedRequest of(JsonObject message) {
    Object since = message.getValue("since");
    return new FeedRequest(
        text(message, "tenant"),
        text(message, "app"),
        text(message, "cluster"),
        since == null ? null : number(String.valueOf(since)));
  }

  /** The scope: only tenants the principal has a role in, as {@link Access} decides. */
  public FeedScope scope(Access access, Principal principal) {
    Set<TenantId> visible =
        access.tenants().keySet().stream()
            .filter(t -> access.roleIn(principal, t).isPresent())
            .collect(Collectors.toSet());
    return new FeedScope(visible, tenant, app, cluster);
  }

  private static String text(JsonObject message, String field) {
    Object v = message.getValue(field);
    if (v != null && !(v instanceof String)) {
      throw new IllegalArgumentException(field + ": must be a string");
    }
    return (String) v;
  }

  private static Long number(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("since: must be a sequence number");
    }
  }
}
