package io.gitops.gateway.sync.plan;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.Tracking;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What may be pruned: only live objects that carry this app's tracking labels, never one held back
 * by {@code gitops.io/prune: "false"} or Argo CD's {@code argocd.argoproj.io/sync-options:
 * Prune=false}, and never everything at once because a render came back empty, unless the app
 * allows it.
 */
public final class PruneGuard {
  public static final String PRUNE_ANNOTATION = "gitops.io/prune";
  public static final String ARGO_SYNC_OPTIONS_ANNOTATION = ObjectSyncOptions.ANNOTATION;

  /** {@code refusal} is non-null when the whole prune was refused, saying why. */
  public record Decision(
      List<Map<String, Object>> prune, Map<ResourceKey, String> held, String refusal) {}

  private PruneGuard() {}

  public static Decision decide(
      AppId app, Collection<Map<String, Object>> extras, int desiredCount, boolean allowEmpty) {
    List<Map<String, Object>> prune = new ArrayList<>();
    Map<ResourceKey, String> held = new LinkedHashMap<>();
    for (Map<String, Object> o : extras) {
      String reason = holdReason(app, o);
      if (reason == null) {
        prune.add(o);
      } else {
        held.put(ResourceKey.of(o), reason);
      }
    }
    if (desiredCount == 0 && !prune.isEmpty() && !allowEmpty) {
      String refusal =
          "the render is empty: refusing to prune all "
              + prune.size()
              + " objects of the app (set syncPolicy.automated.allowEmpty to allow it)";
      prune.forEach(o -> held.put(ResourceKey.of(o), refusal));
      return new Decision(List.of(), held, refusal);
    }
    return new Decision(prune, held, null);
  }

  private static String holdReason(AppId app, Map<String, Object> o) {
    Map<?, ?> labels =
        o.get("metadata") instanceof Map<?, ?> md && md.get("labels") instanceof Map<?, ?> l
            ? l
            : Map.of();
    if (!app.tenant().value().equals(labels.get(Tracking.TENANT_LABEL))
        || !app.name().equals(labels.get(Tracking.APP_LABEL))) {
      return "not labelled as this app's: never pruned";
    }
    Map<?, ?> annotations = ObjectMaps.annotations(o);
    if ("false".equalsIgnoreCase(String.valueOf(annotations.get(PRUNE_ANNOTATION)).trim())) {
      return "held back by " + PRUNE_ANNOTATION + ": \"false\"";
    }
    String argo = SyncOptions.option(ObjectSyncOptions.of(o), "Prune").orElse("true");
    if (argo.equalsIgnoreCase("false")) {
      return "held back by " + ARGO_SYNC_OPTIONS_ANNOTATION + ": Prune=false";
    }
    if (argo.equalsIgnoreCase("confirm")) {
      return "held back by "
          + ARGO_SYNC_OPTIONS_ANNOTATION
          + ": Prune=confirm (confirming a prune is not supported yet: delete it by hand)";
    }
    return null;
  }
}
