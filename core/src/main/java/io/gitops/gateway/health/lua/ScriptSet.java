package io.gitops.gateway.health.lua;

import io.gitops.gateway.model.HealthResult;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable generation of compiled scripts, swapped whole on reload so that a reader never sees
 * half a folder. Lookup: a script for exactly the object's group/kind first, else the most specific
 * wildcard script (see {@link ScriptPattern#compareTo}). Lookups are remembered per group/kind,
 * since a cluster has few kinds and many objects.
 */
final class ScriptSet {
  static final ScriptSet EMPTY = new ScriptSet(Map.of(), Map.of());

  private final Map<String, String> sources;
  private final Map<String, HealthScript> byPath;
  private final Map<GroupKind, HealthScript> exact = new HashMap<>();
  private final TreeMap<ScriptPattern, HealthScript> wildcards = new TreeMap<>();
  private final Map<GroupKind, Optional<HealthScript>> resolved = new ConcurrentHashMap<>();

  private ScriptSet(Map<String, String> sources, Map<String, HealthScript> byPath) {
    this.sources = Map.copyOf(sources);
    this.byPath = Map.copyOf(byPath);
    byPath.forEach(
        (path, script) -> {
          ScriptPattern pattern = ScriptFolder.pattern(path).orElseThrow();
          if (pattern.exact()) {
            exact.put(new GroupKind(pattern.group(), pattern.kind()), script);
          } else {
            wildcards.put(pattern, script);
          }
        });
  }

  /** Compiles the sources, reusing this set's compiled script wherever the text is unchanged. */
  ScriptSet next(Map<String, String> newSources) {
    Map<String, HealthScript> compiled = new TreeMap<>();
    newSources.forEach(
        (path, source) ->
            compiled.put(
                path,
                source.equals(sources.get(path))
                    ? byPath.get(path)
                    : HealthScript.compile(path, source)));
    return new ScriptSet(newSources, compiled);
  }

  boolean sameSources(Map<String, String> other) {
    return sources.equals(other);
  }

  int size() {
    return byPath.size();
  }

  Optional<HealthResult> assess(Map<String, Object> object) {
    return GroupKind.of(object)
        .flatMap(gk -> resolved.computeIfAbsent(gk, this::find))
        .map(script -> script.assess(object));
  }

  private Optional<HealthScript> find(GroupKind gk) {
    HealthScript script = exact.get(gk);
    if (script != null) {
      return Optional.of(script);
    }
    return wildcards.entrySet().stream()
        .filter(e -> e.getKey().matches(gk))
        .map(Map.Entry::getValue)
        .findFirst();
  }
}
