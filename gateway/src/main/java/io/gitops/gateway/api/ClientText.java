package io.gitops.gateway.api;

import java.util.List;
import java.util.Map;

/**
 * The one check of every string a client sends, where it enters (REST bodies, path and query
 * parameters in {@link RequestValidation}; GraphQL arguments in {@link GraphQLInputCheck}): values
 * AND object keys at any depth. Refused, with a 400 naming the dotted field:
 *
 * <ul>
 *   <li>NUL (U+0000): PostgreSQL's {@code text} and {@code jsonb} cannot hold it (SQLSTATE 22P05),
 *       so it would only fail later, as a 500, after other parts had acted on the value;
 *   <li>the other C0 controls except tab, line feed and carriage return, and DEL: YAML cannot carry
 *       them either, and no name, path, URL or Helm value needs them;
 *   <li>a lone UTF-16 surrogate: not a character, it cannot be encoded as UTF-8 for storage.
 * </ul>
 */
public final class ClientText {
  private ClientText() {}

  /**
   * Checks a decoded JSON value (maps, lists, strings…); {@code field} is its dotted name ("" for a
   * body).
   */
  public static void check(Object value, String field) {
    if (value instanceof CharSequence s) {
      refuseIfBad(s, field, "value");
    } else if (value
        instanceof
        io.vertx.core.json.JsonObject json) { // before Map and Iterable: it is an Iterable
      check(json.getMap(), field);
    } else if (value instanceof io.vertx.core.json.JsonArray json) {
      check(json.getList(), field);
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        String at = field.isEmpty() ? printable(key) : field + "." + printable(key);
        refuseIfBad(key, at, "key");
        check(e.getValue(), at);
      }
    } else if (value instanceof Iterable<?> items) {
      int i = 0;
      for (Object item : items) {
        check(item, field + "[" + i++ + "]");
      }
    }
  }

  private static void refuseIfBad(CharSequence s, String field, String what) {
    String bad = firstBad(s);
    if (bad != null) {
      throw new ApiException(
          400, "the " + what + " contains " + bad + ", which is not allowed", field);
    }
  }

  /** What is wrong with {@code s} ("a NUL character (U+0000) at offset 5"), or null. */
  static String firstBad(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return "a NUL character (U+0000) at offset " + i;
      }
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        return String.format("a control character (U+%04X) at offset %d", (int) c, i);
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return String.format("a lone surrogate (U+%04X) at offset %d", (int) c, i);
      }
    }
    return null;
  }

  /** A key as it can be shown in a field name: bad characters as \\uXXXX escapes. */
  private static String printable(String key) {
    if (firstBad(key) == null) {
      return key;
    }
    StringBuilder out = new StringBuilder();
    key.chars()
        .forEach(
            c ->
                out.append(
                    c < 0x20 || c == 0x7f || Character.isSurrogate((char) c)
                        ? String.format("\\u%04X", c)
                        : String.valueOf((char) c)));
    return out.toString();
  }

  /**
   * Checks a path's decoded segments against the operation's template; a bad segment is named by
   * its parameter.
   */
  public static void checkPath(List<String> segments, List<String> template) {
    for (int i = 0; i < segments.size(); i++) {
      int t =
          template.size()
              - segments.size()
              + i; // the template is relative to /api/v1: align the ends
      String name =
          t >= 0 && t < template.size() && template.get(t).startsWith("{")
              ? template.get(t).substring(1, template.get(t).length() - 1)
              : "path";
      refuseIfBad(segments.get(i), name, "path parameter");
    }
  }
}
