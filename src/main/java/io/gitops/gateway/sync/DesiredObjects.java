package io.gitops.gateway.sync;

import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.KindScopes;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.Revision;
import io.gitops.gateway.model.Tracking;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns rendered objects into what is applied: the destination namespace where an object names
 * none, the tracking labels, and the revision annotation. Pure; the input is not modified.
 */
public final class DesiredObjects {
  private DesiredObjects() {}

  public static List<Map<String, Object>> prepare(List<Map<String, Object>> rendered, AppSpec spec, Revision revision) {
    List<Map<String, Object>> out = new ArrayList<>(rendered.size());
    for (Map<String, Object> object : rendered) {
      Map<String, Object> copy = Objects2.deepCopy(object);
      Map<String, Object> metadata = Objects2.child(copy, "metadata");
      ResourceKey key = ResourceKey.of(copy);
      if (KindScopes.isClusterScoped(key.group(), key.kind())) {
        metadata.remove("namespace");
      } else if (key.namespace().isEmpty()) {
        metadata.put("namespace", spec.destination().namespace());
      }
      Map<String, Object> labels = Objects2.child(metadata, "labels");
      labels.put(Tracking.TENANT_LABEL, spec.id().tenant().value());
      labels.put(Tracking.APP_LABEL, spec.id().name());
      if (revision != null) {
        Objects2.child(metadata, "annotations").put(Tracking.REVISION_ANNOTATION, revision.commit());
      }
      out.add(copy);
    }
    return out;
  }
}
