package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * Field ownership for ordinary writes (create, update, patch): the writing manager takes the fields
 * it added or changed from whoever owned them, and removed fields leave every owner, as the real
 * API server's field manager does for operation "Update". This is what makes a {@code kubectl edit}
 * of a gateway-applied field show up as a conflict on the gateway's next apply.
 */
final class FieldOwnership {
  private FieldOwnership() {}

  /**
   * Records an Update by {@code manager} turning {@code before} (null on create) into {@code
   * after}.
   */
  static void recordUpdate(
      JsonNode before, ObjectNode after, String manager, String apiVersion, String subresource) {
    JsonNode supplied = after.path("metadata").get("managedFields");
    JsonNode stored = before == null ? null : before.path("metadata").get("managedFields");
    // A client that changes managedFields itself (kubectl moving client-side apply's fields to
    // server-side apply) sets them: the real server takes them as given.
    ManagedFields managed =
        supplied != null && stored != null && !Json.same(supplied, stored)
            ? ManagedFields.of(after)
            : ManagedFields.of(before);
    Set<FieldPath> oldFields = before == null ? Set.of() : FieldSets.of(before);
    Set<FieldPath> newFields = FieldSets.of(after);
    Set<FieldPath> changed = new HashSet<>();
    for (FieldPath p : newFields) {
      if (!oldFields.contains(p)
          || (!p.isItemMarker() && !Json.same(p.find(before), p.find(after)))) {
        changed.add(p);
      }
    }
    Set<FieldPath> removed = new HashSet<>(oldFields);
    removed.removeAll(newFields);
    ManagedFields.Entry mine =
        changed.isEmpty()
            ? null
            : managed.entry(manager, ManagedFields.UPDATE, apiVersion, subresource);
    for (ManagedFields.Entry e : managed.entries()) {
      e.fields().removeAll(removed);
      if (e != mine) {
        e.fields().removeAll(changed);
      }
      // A field no longer in the object cannot stay owned (e.g. an item removed with its fields).
      e.fields().removeIf(p -> !newFields.contains(p));
    }
    if (mine != null) {
      mine.fields().addAll(changed);
    }
    managed.writeTo(after, before, mine == null ? Set.of() : Set.of(mine));
  }
}
