package io.gitops.gateway.sync.plan;

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

  /**
   * The objects again, without a namespace on kinds now known to be cluster-scoped: discovery may
   * only have told after {@link #prepare} ran (a custom kind watched for the first time).
   */
  public static List<Map<String, Object>> rescoped(List<Map<String, Object>> prepared) {
    List<Map<String, Object>> out = new ArrayList<>(prepared.size());
    for (Map<String, Object> object : prepared) {
      ResourceKey key = ResourceKey.of(object);
      if (!key.namespace().isEmpty() && KindScopes.isClusterScoped(key.group(), key.kind())) {
        Map<String, Object> copy = ObjectMaps.deepCopy(object);
        ObjectMaps.child(copy, "metadata").remove("namespace");
        out.add(copy);
      } else {
        out.add(object);
      }
    }
    return out;
  }

  public static List<Map<String, Object>> prepare(
      List<Map<String, Object>> rendered, AppSpec spec, Revision revision) {
    List<Map<String, Object>> out = new ArrayList<>(rendered.size());
    for (Map<String, Object> object : rendered) {
      Map<String, Object> copy = ObjectMaps.deepCopy(object);
      Map<String, Object> metadata = ObjectMaps.child(copy, "metadata");
      // a generateName hook is named here, before the tenant's rules and whose-is-it checks read it
      HookNames.generated(copy, spec.id(), revision == null ? "" : revision.commit())
          .ifPresent(name -> metadata.put("name", name));
      ResourceKey key = ResourceKey.of(copy);
      if (KindScopes.isClusterScoped(key.group(), key.kind())) {
        metadata.remove("namespace");
      } else if (key.namespace().isEmpty()) {
        metadata.put("namespace", spec.destination().namespace());
      }
      Map<String, Object> labels = ObjectMaps.child(metadata, "labels");
      labels.put(Tracking.TENANT_LABEL, spec.id().tenant().value());
      labels.put(Tracking.APP_LABEL, spec.id().name());
      if (revision != null) {
        ObjectMaps.child(metadata, "annotations")
            .put(Tracking.REVISION_ANNOTATION, revision.commit());
      }
      out.add(copy);
    }
    return out;
  }
}
