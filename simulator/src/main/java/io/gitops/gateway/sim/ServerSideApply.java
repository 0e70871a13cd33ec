package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}): merges the applied
 * configuration into the live object, owns the applied fields for the field manager, removes the
 * fields that manager applied before but no longer applies (unless another manager owns them), and
 * refuses to change another manager's field without {@code force=true} (409 Conflict).
 */
final class ServerSideApply {
  private ServerSideApply() {}

  static ObjectNode apply(
      ObjectNode live,
      ObjectNode applied,
      String manager,
      boolean force,
      String apiVersion,
      String kind,
      String name) {
    return apply(live, applied, manager, force, apiVersion, kind, name, Set.of());
  }

  /**
   * The object after applying {@code applied} as {@code manager} onto {@code live} (null when the
   * object does not exist yet), with managedFields updated. Conflicts on {@code allowedConflicts}
   * are taken over as with force (kubectl's own fields from its client-side apply, below).
   */
  static ObjectNode apply(
      ObjectNode live,
      ObjectNode applied,
      String manager,
      boolean force,
      String apiVersion,
      String kind,
      String name,
      Set<FieldPath> allowedConflicts) {
    ObjectNode base = live == null ? Json.object() : live.deepCopy();
    ManagedFields managed = ManagedFields.of(live);
    ManagedFields.Entry mine = managed.entry(manager, ManagedFields.APPLY, apiVersion, null);
    Set<FieldPath> appliedFields = FieldSets.of(applied);

    Map<FieldPath, String> conflicts = conflicts(base, applied, appliedFields, managed, mine);
    Map<FieldPath, String> refused = new LinkedHashMap<>(conflicts);
    refused.keySet().removeAll(allowedConflicts);
    if (!refused.isEmpty() && !force) {
      throw conflictError(refused, managed, kind, name);
    }
    for (ManagedFields.Entry e : managed.entries()) {
      if (e != mine) {
        e.fields().removeAll(conflicts.keySet());
      }
    }

    ObjectNode merged = (ObjectNode) merge(base, applied, "");
    Set<FieldPath> dropped = new LinkedHashSet<>(mine.fields());
    dropped.removeAll(appliedFields);
    mine.fields().clear();
    mine.fields().addAll(appliedFields);
    List<FieldPath> deepestFirst = new ArrayList<>(dropped);
    deepestFirst.sort(Comparator.comparingInt((FieldPath p) -> p.elements().size()).reversed());
    for (FieldPath p : deepestFirst) {
      if (!managed.ownedByOthers(p, mine) && !isAncestorOfApplied(p, appliedFields)) {
        p.remove(merged);
        pruneEmptyParents(merged, p, managed);
      }
    }
    managed.writeTo(merged, live, Set.of(mine));
    return merged;
  }

  /**
   * Fields of other managers whose value the applied configuration would change, with their owner.
   */
  private static Map<FieldPath, String> conflicts(
      JsonNode live,
      JsonNode applied,
      Set<FieldPath> appliedFields,
      ManagedFields managed,
      ManagedFields.Entry mine) {
    Map<FieldPath, String> out = new LinkedHashMap<>();
    for (FieldPath p : appliedFields) {
      if (p.isItemMarker() || Json.same(p.find(live), p.find(applied))) {
        continue;
      }
      for (ManagedFields.Entry e : managed.entries()) {
        if (e != mine && e.fields().contains(p)) {
          out.putIfAbsent(p, e.manager());
        }
      }
    }
    return out;
  }

  private static SimulatorError conflictError(
      Map<FieldPath, String> conflicts, ManagedFields managed, String kind, String name) {
    List<SimulatorError.Cause> causes = new ArrayList<>();
    StringBuilder msg =
        new StringBuilder("Apply failed with ")
            .append(conflicts.size())
            .append(conflicts.size() == 1 ? " conflict:" : " conflicts:");
    for (Map.Entry<FieldPath, String> c : conflicts.entrySet()) {
      String owner =
          "conflict with \"" + c.getValue() + "\"" + ownerOperation(managed, c.getValue());
      causes.add(new SimulatorError.Cause("FieldManagerConflict", owner, c.getKey().display()));
      msg.append(' ').append(owner).append(": ").append(c.getKey().display());
    }
    return new SimulatorError(409, "Conflict", msg.toString(), kind, name, causes);
  }

  private static String ownerOperation(ManagedFields managed, String manager) {
    return managed.entries().stream()
        .filter(e -> e.manager().equals(manager))
        .findFirst()
        .map(e -> e.operation().equals(ManagedFields.APPLY) ? "" : " using " + e.apiVersion())
        .orElse("");
  }

  private static boolean isAncestorOfApplied(FieldPath p, Set<FieldPath> applied) {
    FieldPath self =
        p.isItemMarker() ? new FieldPath(p.elements().subList(0, p.elements().size() - 1)) : p;
    return applied.stream().anyMatch(a -> a.isUnder(self));
  }

  /**
   * Removes maps left empty by a removal, up to the first parent someone still owns something in.
   */
  private static void pruneEmptyParents(ObjectNode root, FieldPath removed, ManagedFields managed) {
    List<String> e =
        removed.isItemMarker()
            ? removed.elements().subList(0, removed.elements().size() - 1)
            : removed.elements();
    for (int len = e.size() - 1; len > 0; len--) {
      FieldPath parent = new FieldPath(e.subList(0, len));
      JsonNode node = parent.find(root);
      boolean empty = node != null && node.isContainerNode() && node.size() == 0;
      if (!empty || managed.ownedByOthers(parent, null)) {
        return;
      }
      parent.remove(root);
    }
  }

  /** Applied values win; maps merge field by field; associative lists merge item by item by key. */
  static JsonNode merge(JsonNode live, JsonNode applied, String field) {
    if (live instanceof ObjectNode l && applied instanceof ObjectNode a) {
      ObjectNode out = l.deepCopy();
      a.fields()
          .forEachRemaining(
              f -> out.set(f.getKey(), merge(l.get(f.getKey()), f.getValue(), f.getKey())));
      return out;
    }
    Optional<List<String>> keys = ListKeys.applyKeys(field, applied);
    if (live instanceof ArrayNode l && applied instanceof ArrayNode a && keys.isPresent()) {
      ArrayNode out = l.deepCopy();
      for (JsonNode item : a) {
        FieldPath key = new FieldPath(List.of(FieldPath.keyElement(item, keys.get())));
        JsonNode existing = key.find(out);
        if (existing == null) {
          out.add(item.deepCopy());
        } else {
          for (int i = 0; i < out.size(); i++) {
            if (out.get(i) == existing) {
              out.set(i, merge(existing, item, ""));
            }
          }
        }
      }
      return out;
    }
    return applied.deepCopy();
  }
}
