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

  /** Built-in rules, then the operator's condition rules file (or the Ready-condition defaults). */
  public static HealthAssessor builtIn(Path conditionRules) {
    if (conditionRules == null) {
      return new BuiltInHealth().orElse(ConditionRules.defaults());
    }
    try {
      return new BuiltInHealth()
          .orElse(ConditionRules.load(conditionRules))
          .orElse(ConditionRules.defaults());
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("health.condition-rules", e.getMessage());
    }
  }

  /** The operator's script folder, or null when none is configured. */
  public static LuaHealthScripts scripts(Path scriptsDir) {
    if (scriptsDir == null) {
      return null;
    }
    try {
      return LuaHealthScripts.load(scriptsDir);
    } catch (IOException e) {
      throw new ConfigException(
          "health.scripts-dir", "cannot read " + scriptsDir + ": " + e.getMessage());
    }
  }

  public static HealthAssessor create(LuaHealthScripts scripts, Path conditionRules) {
    HealthAssessor builtIn = builtIn(conditionRules);
    return scripts == null ? builtIn : scripts.orElse(builtIn);
  }
}
