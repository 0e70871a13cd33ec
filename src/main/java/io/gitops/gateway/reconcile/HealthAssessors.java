package io.gitops.gateway.reconcile;

import io.gitops.gateway.config.ConfigException;
import io.gitops.gateway.health.BuiltInHealth;
import io.gitops.gateway.health.ConditionRules;
import io.gitops.gateway.health.HealthAssessor;
import io.gitops.gateway.health.lua.LuaHealthScripts;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The health assessment the gateway uses: an operator's Lua script for a kind wins, then the
 * built-in rules, then condition rules (a standard Ready condition) for other custom resources.
 */
public final class HealthAssessors {
  private HealthAssessors() {}

  public static HealthAssessor create(Path scriptsDir) {
    HealthAssessor builtIn = new BuiltInHealth().orElse(ConditionRules.defaults());
    if (scriptsDir == null) {
      return builtIn;
    }
    try {
      return LuaHealthScripts.load(scriptsDir).orElse(builtIn);
    } catch (IOException e) {
      throw new ConfigException("health.scripts-dir", "cannot read " + scriptsDir + ": " + e.getMessage());
    }
  }
}
