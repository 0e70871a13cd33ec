package io.gitops.gateway.diff;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Labels someone added to a managed object that Git does not have. Labels select: a label added by
 * hand can pull a Pod into another Service or a NetworkPolicy, so unlike other fields Git does not
 * set, it is drift (and a sync removes it). The API server and the gateway label objects too, so
 * labels in their domains are left alone: {@code kubernetes.io} and {@code k8s.io} (with their
 * subdomains, e.g. {@code kubernetes.io/metadata.name} on every Namespace) and {@code gitops.io}
 * (the tracking labels). A team that wants another tool's labels kept says so with {@code
 * ignoreDifferences} (a JSON pointer, or that tool's field manager).
 */
public final class ForeignLabels {
  private static final String POINTER = "/metadata/labels";
  private static final List<String> SYSTEM_DOMAINS =
      List.of("kubernetes.io", "k8s.io", "gitops.io");

  private ForeignLabels() {}

  /** Adds the JSON pointer of each label live has and Git does not set. */
  static void find(Map<String, Object> desired, Map<String, Object> live, Collection<String> out) {
    Map<String, Object> liveLabels = labels(live);
    if (liveLabels == null) {
      return;
    }
    Map<String, Object> desiredLabels = labels(desired);
    for (Map.Entry<String, Object> label : liveLabels.entrySet()) {
      boolean inGit = desiredLabels != null && desiredLabels.containsKey(label.getKey());
      if (!inGit && label.getValue() != TreeNodes.REMOVED && !system(label.getKey())) {
        out.add(JsonPointers.child(POINTER, label.getKey()));
      }
    }
  }

  /** The label keys a sync must remove: the foreign labels among a comparison's drifted paths. */
  public static List<String> keys(Collection<String> driftedPaths, Map<String, Object> desired) {
    Map<String, Object> desiredLabels = labels(desired);
    return driftedPaths.stream()
        .filter(p -> p.startsWith(POINTER + "/") && p.indexOf('/', POINTER.length() + 1) < 0)
        .map(p -> p.substring(POINTER.length() + 1).replace("~1", "/").replace("~0", "~"))
        .filter(k -> desiredLabels == null || !desiredLabels.containsKey(k))
        .filter(k -> !system(k))
        .toList();
  }

  private static Map<String, Object> labels(Map<String, Object> object) {
    return TreeNodes.asMap(TreeNodes.child(TreeNodes.child(object, "metadata"), "labels"));
  }

  static boolean system(String key) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String domain = key.substring(0, slash);
    return SYSTEM_DOMAINS.stream().anyMatch(d -> domain.equals(d) || domain.endsWith("." + d));
  }
}
