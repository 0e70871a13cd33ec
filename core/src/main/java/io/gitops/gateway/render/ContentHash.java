package io.gitops.gateway.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The name suffix kustomize gives generated ConfigMaps and Secrets, computed as its hasher does:
 * SHA-256 of Go's {@code json.Marshal} of {kind, name, data[, binaryData]} (Secrets: {kind, name,
 * type, data}), sorted keys; the first 10 hex digits with 0,1,3,a,e mapped to g,h,k,m,t. The name
 * is always empty: kustomize's hasher looks it up as one field named "metadata/name", which no
 * object has, so two generators with the same content get the same suffix (checked against
 * kustomize v5.8.2 by apiserver/KustomizeOverlaysTest).
 */
final class ContentHash {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private ContentHash() {}

  static String of(Map<String, Object> object) throws RenderException {
    Map<String, Object> encoded = new TreeMap<>();
    String kind = String.valueOf(object.get("kind"));
    encoded.put("kind", kind);
    encoded.put("name", "");
    encoded.put("data", object.get("data") == null ? Map.of() : object.get("data"));
    if (kind.equals("Secret")) {
      encoded.put("type", object.getOrDefault("type", "Opaque"));
    } else if (object.get("binaryData") instanceof Map<?, ?> binary && !binary.isEmpty()) {
      encoded.put("binaryData", binary);
    }
    try {
      return encode(sha256(goJson(JSON.writeValueAsString(encoded))));
    } catch (JsonProcessingException e) {
      throw new RenderException("cannot hash generated " + kind + ": " + e.getOriginalMessage());
    }
  }

  /** Go's encoder escapes HTML characters and line separators; match it byte for byte. */
  private static String goJson(String json) {
    return json.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029");
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String encode(String hex) {
    char[] out = hex.substring(0, 10).toCharArray();
    for (int i = 0; i < out.length; i++) {
      out[i] =
          switch (out[i]) {
            case '0' -> 'g';
            case '1' -> 'h';
            case '3' -> 'k';
            case 'a' -> 'm';
            case 'e' -> 't';
            default -> out[i];
          };
    }
    return new String(out);
  }
}
