package io.gitops.gateway.sync.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every sync option the gateway reads, by Argo CD's names (their documentation is the contract),
 * with the values each takes, and the gateway's own names beside them. An option not listed here is
 * refused, naming it: a misspelt {@code CreateNamespce=true} that silently did nothing is the
 * failure this class exists to stop.
 *
 * <p>Two places take options: an app's {@code syncPolicy.syncOptions} ({@link #appProblem}) and an
 * object's {@code argocd.argoproj.io/sync-options} annotation in Git ({@link #objectProblem}).
 */
public final class SyncOptionNames {
  static final Set<String> BOOLEAN = Set.of("true", "false");

  /** Options of an app, Argo CD's first, then the gateway's own. */
  static final Map<String, Set<String>> APP = new LinkedHashMap<>();

  /** Options of one object, in its {@code argocd.argoproj.io/sync-options} annotation. */
  static final Map<String, Set<String>> OBJECT = new LinkedHashMap<>();

  static {
    for (String name :
        List.of(
            "CreateNamespace",
            "Replace",
            "Validate",
            "PruneLast",
            "ApplyOutOfSyncOnly",
            "RespectIgnoreDifferences",
            "ServerSideApply",
            "FailOnSharedResource",
            "SkipDryRunOnMissingResource",
            "AllowEmpty",
            "AdoptUnlabelled")) {
      APP.put(name, BOOLEAN);
    }
    APP.put("PrunePropagationPolicy", Set.of("foreground", "background", "orphan"));
    APP.put("FieldConflicts", Set.of("Override", "Report"));
    APP.put("WaveTimeout", Set.of()); // seconds, checked apart

    OBJECT.put("Prune", Set.of("true", "false", "confirm"));
    OBJECT.put("Delete", Set.of("true", "false", "confirm"));
    for (String name :
        List.of(
            "Replace",
            "Force",
            "Validate",
            "ServerSideApply",
            "PruneLast",
            "SkipDryRunOnMissingResource")) {
      OBJECT.put(name, BOOLEAN);
    }
  }

  private SyncOptionNames() {}

  /** What is wrong with an app's options, naming the first bad one; empty when all are known. */
  public static Optional<String> appProblem(List<String> options) {
    for (String option : options) {
      Optional<String> problem = problem(option, APP, "sync option");
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  /**
   * What is wrong with an object's {@code argocd.argoproj.io/sync-options} annotation (comma
   * separated, as Argo CD); empty when there is none or all are known.
   */
  public static Optional<String> objectProblem(Map<String, Object> object) {
    Object value = ObjectMaps.annotations(object).get(ObjectSyncOptions.ANNOTATION);
    if (value == null) {
      return Optional.empty();
    }
    for (String option : String.valueOf(value).split(",")) {
      if (option.isBlank()) {
        continue;
      }
      Optional<String> problem =
          problem(option.trim(), OBJECT, ObjectSyncOptions.ANNOTATION + " option");
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> problem(
      String option, Map<String, Set<String>> known, String what) {
    int eq = option.indexOf('=');
    if (eq <= 0) {
      return Optional.of(what + " \"" + option + "\" must be Key=Value");
    }
    String key = option.substring(0, eq).trim();
    String value = option.substring(eq + 1).trim();
    Optional<String> name =
        known.keySet().stream().filter(k -> k.equalsIgnoreCase(key)).findFirst();
    if (name.isEmpty()) {
      return Optional.of(
          "unknown "
              + what
              + " \""
              + option
              + "\" (known: "
              + String.join(", ", known.keySet())
              + ")");
    }
    Set<String> values = known.get(name.get());
    if (name.get().equals("WaveTimeout")) {
      return value.matches("[0-9]{1,9}s?")
          ? Optional.empty()
          : Optional.of(what + " \"" + option + "\": WaveTimeout takes seconds, e.g. 300 or 300s");
    }
    return values.stream().anyMatch(v -> v.equalsIgnoreCase(value))
        ? Optional.empty()
        : Optional.of(
            what
                + " \""
                + option
                + "\": "
                + name.get()
                + " takes "
                + String.join(" or ", values.stream().sorted().toList()));
  }
}
