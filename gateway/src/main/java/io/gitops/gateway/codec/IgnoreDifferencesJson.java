package io.gitops.gateway.codec;

import io.gitops.gateway.diff.IgnoreRule;
import io.gitops.gateway.model.AppSpec.IgnoreDifference;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code ignoreDifferences} in Argo CD's form. Every pointer and path is compiled here, so a bad
 * one is a 400 naming it when the app is saved, not a failed comparison later.
 */
final class IgnoreDifferencesJson {
  private static final Set<String> FIELDS =
      Set.of(
          "group",
          "kind",
          "namespace",
          "name",
          "jsonPointers",
          "jqPathExpressions",
          "managedFieldsManagers");

  private IgnoreDifferencesJson() {}

  static List<IgnoreDifference> from(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new InvalidSpecException("ignoreDifferences", "must be a list");
    }
    List<IgnoreDifference> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "ignoreDifferences[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject entry)) {
        throw new InvalidSpecException(at, "must be an object");
      }
      for (String field : entry.fieldNames()) {
        if (!FIELDS.contains(field)) {
          throw new InvalidSpecException(
              at + "." + field, "unknown field (known: " + String.join(", ", FIELDS) + ")");
        }
      }
      if (!(entry.getValue("kind") instanceof String kind) || kind.isBlank()) {
        throw new InvalidSpecException(at + ".kind", "is required");
      }
      IgnoreDifference d =
          new IgnoreDifference(
              text(entry, "group", at),
              kind,
              text(entry, "namespace", at),
              text(entry, "name", at),
              strings(entry, "jsonPointers", at),
              strings(entry, "jqPathExpressions", at),
              strings(entry, "managedFieldsManagers", at));
      if (d.jsonPointers().isEmpty()
          && d.jqPathExpressions().isEmpty()
          && d.managedFieldsManagers().isEmpty()) {
        throw new InvalidSpecException(
            at, "needs jsonPointers, jqPathExpressions or managedFieldsManagers");
      }
      compile(d, at);
      out.add(d);
    }
    return out;
  }

  static JsonArray to(List<IgnoreDifference> all) {
    JsonArray out = new JsonArray();
    for (IgnoreDifference d : all) {
      JsonObject o = new JsonObject().put("group", d.group()).put("kind", d.kind());
      if (d.namespace() != null) {
        o.put("namespace", d.namespace());
      }
      if (d.name() != null) {
        o.put("name", d.name());
      }
      putList(o, "jsonPointers", d.jsonPointers());
      putList(o, "jqPathExpressions", d.jqPathExpressions());
      putList(o, "managedFieldsManagers", d.managedFieldsManagers());
      out.add(o);
    }
    return out;
  }

  /** Building the diff's form of an entry checks every pointer and expression. */
  private static void compile(IgnoreDifference d, String at) {
    try {
      IgnoreRule.of(d);
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(at, e.getMessage());
    }
  }

  private static void putList(JsonObject o, String field, List<String> values) {
    if (!values.isEmpty()) {
      o.put(field, new JsonArray(values));
    }
  }

  private static String text(JsonObject entry, String field, String at) {
    Object v = entry.getValue(field);
    if (v != null && !(v instanceof String)) {
      throw new InvalidSpecException(at + "." + field, "must be a string");
    }
    return (String) v;
  }

  private static List<String> strings(JsonObject entry, String field, String at) {
    Object v = entry.getValue(field);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray a) || a.stream().anyMatch(x -> !(x instanceof String))) {
      throw new InvalidSpecException(at + "." + field, "must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    a.forEach(x -> out.add((String) x));
    return out;
  }
}
