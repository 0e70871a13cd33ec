package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * metadata.managedFields as a list of entries, one per (manager, operation, subresource), each with
 * the fields that manager owns. Read from and written back to the stored object.
 */
final class ManagedFields {
  static final String APPLY = "Apply";
  static final String UPDATE = "Update";

  /** One managedFields entry; {@code fields} is mutable while a write is being computed. */
  record Entry(
      String manager,
      String operation,
      String apiVersion,
      String subresource,
      Set<FieldPath> fields) {
    boolean is(String otherManager, String otherOperation, String otherSubresource) {
      return manager.equals(otherManager)
          && operation.equals(otherOperation)
          && Objects.equals(subresource, otherSubresource);
    }
  }

  private final List<Entry> entries;

  private ManagedFields(List<Entry> entries) {
    this.entries = entries;
  }

  static ManagedFields of(JsonNode object) {
    List<Entry> entries = new ArrayList<>();
    JsonNode list = object == null ? null : object.path("metadata").get("managedFields");
    if (list != null && list.isArray()) {
      for (JsonNode e : list) {
        entries.add(
            new Entry(
                e.path("manager").asText(""),
                e.path("operation").asText(UPDATE),
                e.path("apiVersion").asText(""),
                e.hasNonNull("subresource") ? e.get("subresource").asText() : null,
                new LinkedHashSet<>(FieldSets.fromFieldsV1(e.get("fieldsV1")))));
      }
    }
    return new ManagedFields(entries);
  }

  List<Entry> entries() {
    return entries;
  }

  /** The entry for this manager and operation, created empty when absent. */
  Entry entry(String manager, String operation, String apiVersion, String subresource) {
    for (Entry e : entries) {
      if (e.is(manager, operation, subresource)) {
        return e;
      }
    }
    Entry e = new Entry(manager, operation, apiVersion, subresource, new LinkedHashSet<>());
    entries.add(e);
    return e;
  }

  /** Whether any entry other than {@code except} owns {@code path} or a field below it. */
  boolean ownedByOthers(FieldPath path, Entry except) {
    for (Entry e : entries) {
      if (e == except) {
        continue;
      }
      for (FieldPath f : e.fields()) {
        if (f.equals(path) || f.isUnder(path)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Writes the entries into {@code object.metadata.managedFields}, dropping empty ones; untouched
   * entries keep their time.
   */
  void writeTo(ObjectNode object, JsonNode before, Set<Entry> touched) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    JsonNode previous =
        before == null ? Json.object() : before.path("metadata").path("managedFields");
    for (Entry e : entries) {
      if (e.fields().isEmpty()) {
        continue;
      }
      ObjectNode n = list.addObject();
      n.put("manager", e.manager())
          .put("operation", e.operation())
          .put("apiVersion", e.apiVersion())
          .put("time", touched.contains(e) ? now : previousTime(previous, e, now))
          .put("fieldsType", "FieldsV1");
      n.set("fieldsV1", FieldSets.toFieldsV1(e.fields()));
      if (e.subresource() != null) {
        n.put("subresource", e.subresource());
      }
    }
    ObjectNode meta = Json.with(object, "metadata");
    if (list.isEmpty()) {
      meta.remove("managedFields");
    } else {
      meta.set("managedFields", list);
    }
  }

  private static String previousTime(JsonNode previous, Entry e, String fallback) {
    for (JsonNode p : previous) {
      if (e.is(
              p.path("manager").asText(),
              p.path("operation").asText(),
              p.hasNonNull("subresource") ? p.get("subresource").asText() : null)
          && p.hasNonNull("time")) {
        return p.get("time").asText();
      }
    }
    return fallback;
  }
}
