package io.gitops.gateway.sync.plan;

import java.util.Map;
import java.util.Optional;

/**
 * Sync hooks: objects (Jobs, typically) annotated {@code gitops.io/hook} or Argo CD's {@code
 * argocd.argoproj.io/hook} that run at a phase of a sync instead of being part of the app's desired
 * state. They are left out of comparison and prune; the sync waits for them.
 */
public final class Hooks {
  public static final String HOOK_ANNOTATION = "gitops.io/hook";
  public static final String ARGO_HOOK_ANNOTATION = "argocd.argoproj.io/hook";
  public static final String DELETE_POLICY_ANNOTATION = "gitops.io/hook-delete-policy";
  public static final String ARGO_DELETE_POLICY_ANNOTATION =
      "argocd.argoproj.io/hook-delete-policy";

  /**
   * Argo CD's phases. SYNC hooks run inside their sync wave; PRE_DELETE and POST_DELETE belong to
   * an app's deletion with a cascade (before and after its objects go): a sync lists them as held.
   */
  public enum Phase {
    PRE_SYNC,
    SYNC,
    POST_SYNC,
    SYNC_FAIL,
    PRE_DELETE,
    POST_DELETE
  }

  private Hooks() {}

  /** The phase an object is a hook of; empty for ordinary objects (and for Argo's Skip). */
  public static Optional<Phase> phaseOf(Map<String, Object> object) {
    String value = annotation(object, HOOK_ANNOTATION, ARGO_HOOK_ANNOTATION);
    if (value == null) {
      return Optional.empty();
    }
    for (String part : value.split(",")) {
      switch (part.trim()) {
        case "PreSync":
          return Optional.of(Phase.PRE_SYNC);
        case "Sync":
          return Optional.of(Phase.SYNC);
        case "PostSync":
          return Optional.of(Phase.POST_SYNC);
        case "SyncFail":
          return Optional.of(Phase.SYNC_FAIL);
        case "PreDelete":
          return Optional.of(Phase.PRE_DELETE);
        case "PostDelete":
          return Optional.of(Phase.POST_DELETE);
        default:
          break;
      }
    }
    return Optional.empty();
  }

  public static boolean isHook(Map<String, Object> object) {
    return annotation(object, HOOK_ANNOTATION, ARGO_HOOK_ANNOTATION) != null;
  }

  /**
   * {@code HookSucceeded}: delete the hook once it has succeeded (the default keeps it to read its
   * result).
   */
  public static boolean deleteOnSuccess(Map<String, Object> object) {
    String policy = annotation(object, DELETE_POLICY_ANNOTATION, ARGO_DELETE_POLICY_ANNOTATION);
    return policy != null && policy.contains("HookSucceeded");
  }

  /**
   * {@code BeforeHookCreation}: delete the hook left by an earlier sync before creating it again.
   * As Argo CD, the default only when the hook names no policy at all: a hook with {@code
   * HookSucceeded} alone is created over whatever is there.
   */
  public static boolean deleteBeforeCreation(Map<String, Object> object) {
    String policy = annotation(object, DELETE_POLICY_ANNOTATION, ARGO_DELETE_POLICY_ANNOTATION);
    return policy == null || policy.isBlank() || policy.contains("BeforeHookCreation");
  }

  /** {@code HookFailed}: delete the hook once it has failed (the sync fails all the same). */
  public static boolean deleteOnFailure(Map<String, Object> object) {
    String policy = annotation(object, DELETE_POLICY_ANNOTATION, ARGO_DELETE_POLICY_ANNOTATION);
    return policy != null && policy.contains("HookFailed");
  }

  static String annotation(Map<String, Object> object, String ours, String argo) {
    Map<?, ?> annotations = ObjectMaps.annotations(object);
    Object v = annotations.get(ours);
    if (v == null) {
      v = annotations.get(argo);
    }
    return v == null ? null : String.valueOf(v);
  }
}
