package io.gitops.gateway.render;

import java.util.List;
import java.util.Map;

/** The {@code images} field: rewrites container images by name, anywhere containers appear. */
final class KustomizeImages {
  private KustomizeImages() {}

  record ImageRule(String name, String newName, String newTag, String digest) {}

  static void apply(List<KustomizeObject> resources, List<ImageRule> rules) {
    if (rules.isEmpty()) {
      return;
    }
    for (KustomizeObject r : resources) {
      walk(r.object, rules);
    }
  }

  @SuppressWarnings("unchecked")
  private static void walk(Object node, List<ImageRule> rules) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
        if ((e.getKey().equals("containers") || e.getKey().equals("initContainers"))
            && e.getValue() instanceof List<?> list) {
          for (Object container : list) {
            if (container instanceof Map<?, ?> c && c.get("image") instanceof String image) {
              ((Map<String, Object>) c).put("image", rewrite(image, rules));
            }
          }
        }
        walk(e.getValue(), rules);
      }
    } else if (node instanceof List<?> list) {
      for (Object item : list) {
        walk(item, rules);
      }
    }
  }

  static String rewrite(String image, List<ImageRule> rules) {
    // name[:tag][@digest]; a ':' before the last '/' belongs to a registry port.
    int at = image.indexOf('@');
    String beforeDigest = at < 0 ? image : image.substring(0, at);
    String digest = at < 0 ? null : image.substring(at + 1);
    int colon = beforeDigest.lastIndexOf(':');
    String name =
        colon > beforeDigest.lastIndexOf('/') ? beforeDigest.substring(0, colon) : beforeDigest;
    String tag = colon > beforeDigest.lastIndexOf('/') ? beforeDigest.substring(colon + 1) : null;
    for (ImageRule rule : rules) {
      if (!rule.name().equals(name)) {
        continue;
      }
      String newName = rule.newName() != null ? rule.newName() : name;
      if (rule.digest() != null) {
        return newName + (rule.newTag() != null ? ":" + rule.newTag() : "") + "@" + rule.digest();
      }
      if (rule.newTag() != null) {
        return newName + ":" + rule.newTag();
      }
      return newName + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
    return image;
  }
}
