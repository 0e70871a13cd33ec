package io.gitops.gateway.health.lua;

import io.gitops.gateway.health.HealthAssessor;
import io.gitops.gateway.model.HealthResult;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Health for any kind, from a folder of Argo CD–style Lua scripts ({@code
 * <group>/<kind>/health.lua}, {@code _} as a wildcard segment). Put it in front of the built-in
 * rules with {@code scripts.orElse(builtIns)}: a script for a kind then takes precedence, and kinds
 * without one fall through.
 *
 * <p>Thread-safe: {@link #assess} may be called from any number of threads while another calls
 * {@link #reloadIfChanged}; each call sees one whole generation of scripts.
 */
public final class LuaHealthScripts implements HealthAssessor {
  private final Path folder;
  private volatile ScriptSet scripts;

  private LuaHealthScripts(Path folder, ScriptSet scripts) {
    this.folder = folder;
    this.scripts = scripts;
  }

  /**
   * Compiles every script once. A script that fails to compile is kept: it answers Unknown with the
   * compiler's message.
   */
  public static LuaHealthScripts load(Path folder) throws IOException {
    Map<String, String> sources =
        ScriptFolder.read(folder)
            .orElseThrow(
                () ->
                    new NoSuchFileException(
                        folder.toString(), null, "health script folder does not exist"));
    return new LuaHealthScripts(folder, ScriptSet.EMPTY.next(sources));
  }

  /** Empty when no script matches the object's group/kind (or it has no apiVersion/kind). */
  @Override
  public Optional<HealthResult> assess(Map<String, Object> object) {
    return scripts.assess(object);
  }

  /**
   * Re-reads the folder and recompiles what changed; true when something did. Keeps the current
   * scripts if the folder has vanished (a ConfigMap being remounted, a checkout being replaced).
   */
  public synchronized boolean reloadIfChanged() throws IOException {
    Optional<Map<String, String>> sources = ScriptFolder.read(folder);
    if (sources.isEmpty() || scripts.sameSources(sources.get())) {
      return false;
    }
    scripts = scripts.next(sources.get());
    return true;
  }

  public int scriptCount() {
    return scripts.size();
  }
}
