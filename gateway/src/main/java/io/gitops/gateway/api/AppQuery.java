package io.gitops.gateway.api;

import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.store.AppStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A list request: filters, a page size and an opaque cursor (the last name of the previous page,
 * base64url), parsed from query parameters or GraphQL arguments with field-named errors.
 */
public record AppQuery(AppStore.Filter filter, String after, int limit) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;

  /**
   * {@code param} reads one value by name; {@code labels} are "key=value" strings, all must match.
   */
  public static AppQuery parse(Function<String, String> param, List<String> labels) {
    String sync = param.apply("sync");
    if (sync != null) {
      try {
        sync = SyncStatus.fromLabel(sync).label();
      } catch (IllegalArgumentException e) {
        throw new ApiException(
            400, "unknown sync status '" + sync + "' (Synced, OutOfSync, Unknown)", "sync");
      }
    }
    String health = param.apply("health");
    if (health != null) {
      try {
        health = HealthStatus.fromLabel(health).label();
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "unknown health status '" + health + "'", "health");
      }
    }
    Map<String, String> wanted = new TreeMap<>();
    for (String l : labels) {
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new ApiException(400, "must be key=value", "label");
      }
      wanted.put(l.substring(0, eq), l.substring(eq + 1));
    }
    return new AppQuery(
        new AppStore.Filter(param.apply("cluster"), param.apply("namespace"), sync, health, wanted),
        decodeCursor(param.apply("cursor")),
        limit(param.apply("limit")));
  }

  public static String encodeCursor(String lastName) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("n:" + lastName).getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return "";
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!text.startsWith("n:")) {
        throw new IllegalArgumentException();
      }
      return text.substring(2);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "is not a cursor this API returned", "cursor");
    }
  }

  private static int limit(String value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiException(400, "must be an integer from 1 to " + MAX_LIMIT, "limit");
  }
}
