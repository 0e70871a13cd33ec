package io.gitops.gateway.api;

import io.gitops.gateway.codec.AppJson;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.TenantId;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The body of a create or update, checked as the OpenAPI document says: {@code name} (create only),
 * {@code labels}, {@code version} (optimistic concurrency), then the spec fields, which {@link
 * AppJson#specFrom} checks and where unknown fields are refused — each error names its field.
 */
public record AppBody(String name, Map<String, String> labels, Long version, JsonObject raw) {
  private static final Pattern LABEL_KEY =
      Pattern.compile("([a-z0-9.-]{1,253}/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

  public static AppBody parse(JsonObject body, boolean nameInBody) {
    if (body == null) {
      throw new ApiException(400, "a JSON object body is required", "body");
    }
    Object name = body.getValue("name");
    if (nameInBody && (!(name instanceof String) || ((String) name).isBlank())) {
      throw new ApiException(400, "is required and must be a string", "name");
    }
    if (!nameInBody && name != null) {
      throw new ApiException(400, "unknown field (the name is in the path)", "name");
    }
    Object version = body.getValue("version");
    if (version != null
        && !(version instanceof Number n
            && n.longValue() == n.doubleValue()
            && n.longValue() > 0)) {
      throw new ApiException(400, "must be a positive integer", "version");
    }
    return new AppBody(
        (String) name,
        labels(body.getValue("labels")),
        version == null ? null : ((Number) version).longValue(),
        body);
  }

  AppId id(TenantId tenant, String pathName) {
    try {
      return new AppId(tenant, pathName != null ? pathName : name);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage(), pathName != null ? "app" : "name");
    }
  }

  AppSpec spec(AppId id) {
    JsonObject spec = raw.copy();
    spec.remove("name");
    spec.remove("labels");
    spec.remove("version");
    return AppJson.specFrom(id, spec);
  }

  /** For idempotency keys: the same key with a different body is a client bug, not a retry. */
  String hash() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(raw.encode().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> labels(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject json)) {
      throw new ApiException(400, "must be an object of string values", "labels");
    }
    Map<String, String> out = new TreeMap<>();
    for (var e : json) {
      if (!LABEL_KEY.matcher(e.getKey()).matches()) {
        throw new ApiException(400, "is not a valid label key", "labels." + e.getKey());
      }
      if (!(e.getValue() instanceof String s) || s.length() > 63) {
        throw new ApiException(
            400, "must be a string of at most 63 characters", "labels." + e.getKey());
      }
      out.put(e.getKey(), s);
    }
    return out;
  }
}
