package io.gitops.gateway.sync.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An object's own sync options: Argo CD's {@code argocd.argoproj.io/sync-options} annotation. */
public final class ObjectSyncOptions {
  public static final String ANNOTATION = "argocd.argoproj.io/sync-options";

  private ObjectSyncOptions() {}

  /** The annotation's {@code Key=Value} entries (comma separated), trimmed; empty without one. */
  public static List<String> of(Map<String, Object> object) {
    Object value = ObjectMaps.annotations(object).get(ANNOTATION);
    List<String> out = new ArrayList<>();
    if (value != null) {
      for (String part : String.valueOf(value).split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  /** {@code Delete=false} (or {@code confirm}): an app's deletion leaves this object in place. */
  public static boolean keepOnAppDeletion(Map<String, Object> object) {
    return SyncOptions.option(of(object), "Delete")
        .map(v -> v.equalsIgnoreCase("false") || v.equalsIgnoreCase("confirm"))
        .orElse(false);
  }
}
