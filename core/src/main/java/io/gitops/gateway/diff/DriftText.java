package io.gitops.gateway.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.gitops.gateway.tree.ListMergeKeys;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The human-readable side of a comparison: live as it is against live as Git would make it (Git's
 * fields laid over live, fields Git dropped removed), as YAML with Secret values redacted, so the
 * diff shows only what a sync would change.
 */
final class DriftText {
  static final String REDACTED = "<redacted>";
  static final String REDACTED_CHANGED = "<redacted: changed>";
  private static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private DriftText() {}

  static String modified(
      Map<String, Object> desired, Map<String, Object> live, Collection<String> removed) {
    Object target = overlay(TreeNodes.deepCopy(live), desired, "", "");
    for (String pointer : removed) {
      JsonPointers.mark(target, pointer);
    }
    TreeNodes.purge(target);
    Map<String, Object> shownLive = live;
    if (Normalizer.isSecret(live)) {
      shownLive = TreeNodes.asMap(TreeNodes.deepCopy(live));
      redact(shownLive, TreeNodes.asMap(target));
    }
    return UnifiedDiff.of("live", lines(shownLive), "desired", lines(target));
  }

  /** Whole-object diff for a missing (all "+") or extra (all "-") object. */
  static String whole(Map<String, Object> object, boolean added) {
    Map<String, Object> shown = object;
    if (Normalizer.isSecret(object)) {
      shown = TreeNodes.asMap(TreeNodes.deepCopy(object));
      redact(shown, null);
    }
    List<String> lines = lines(shown);
    return added
        ? UnifiedDiff.of("live", List.of(), "desired", lines)
        : UnifiedDiff.of("live", lines, "desired", List.of());
  }

  private static Object overlay(Object live, Object desired, String parentField, String field) {
    if (desired == null) {
      return live;
    }
    Map<String, Object> lm = TreeNodes.asMap(live);
    Map<String, Object> dm = TreeNodes.asMap(desired);
    if (lm != null && dm != null) {
      dm.forEach(
          (k, v) -> {
            if (v != null) {
              lm.put(k, overlay(lm.get(k), v, field, k));
            }
          });
      return lm;
    }
    List<Object> ll = TreeNodes.asList(live);
    List<Object> dl = TreeNodes.asList(desired);
    if (ll != null && dl != null) {
      String key = ListMergeKeys.keyFor(field, dl);
      if (key == null) {
        if (dl.size() != ll.size()) {
          return TreeNodes.deepCopy(dl);
        }
        for (int i = 0; i < dl.size(); i++) {
          ll.set(i, overlay(ll.get(i), dl.get(i), parentField, field));
        }
        return ll;
      }
      for (Object element : dl) {
        int li = DesiredCompare.indexOf(ll, key, TreeNodes.child(element, key));
        if (li < 0) {
          ll.add(TreeNodes.deepCopy(element));
        } else {
          ll.set(li, overlay(ll.get(li), element, field, ""));
        }
      }
      return ll;
    }
    if (live != null
        && lm == null
        && ll == null
        && ScalarEquality.equal(
            desired, live, QuantityFields.holdsQuantities(parentField, field))) {
      return live; // "1" vs "1000m" is the same value: keep live's spelling so no line changes
    }
    if (TreeNodes.isEmptyCollection(desired) && live == null) {
      return null;
    }
    return TreeNodes.deepCopy(desired);
  }

  /** Replaces Secret values, marking the keys whose value a sync would change. */
  private static void redact(Map<String, Object> secret, Map<String, Object> target) {
    Map<String, Object> data = TreeNodes.asMap(secret.get("data"));
    Map<String, Object> targetData = target == null ? null : TreeNodes.asMap(target.get("data"));
    if (targetData != null) {
      Map<String, Object> before = data == null ? Map.of() : data;
      targetData.replaceAll(
          (k, v) -> v != null && v.equals(before.get(k)) ? REDACTED : REDACTED_CHANGED);
    }
    if (data != null) {
      data.replaceAll((k, v) -> REDACTED);
    }
  }

  private static List<String> lines(Object tree) {
    try {
      return Arrays.asList(YAML.writeValueAsString(tree).split("\n"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render object as YAML", e);
    }
  }
}
