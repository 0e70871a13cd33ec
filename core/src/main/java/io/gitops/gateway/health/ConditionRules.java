package io.gitops.gateway.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitops.gateway.model.HealthResult;
import io.gitops.gateway.model.HealthStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Health of custom resources from their status conditions, by rules an operator or tenant writes in
 * a YAML file (no rebuild). The first rule selecting the object's group and kind decides; within
 * it, the first matching condition. Example:
 *
 * <pre>
 * rules:
 *   - group: cert-manager.io
 *     kind: Certificate
 *     conditions:
 *       - {type: Ready, status: "True", health: Healthy}
 *       - {type: Ready, status: "False", health: Degraded}
 *     otherwise: Progressing
 * </pre>
 *
 * The defaults read the conventions most controllers follow (kstatus, Flux, Crossplane ...):
 * Stalled is Degraded, Reconciling is Progressing, Ready True / False / Unknown is Healthy /
 * Degraded / Progressing. A verdict is Progressing while the controller has not yet observed the
 * latest generation.
 */
public final class ConditionRules implements HealthAssessor {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final List<ConditionRule> rules;

  public ConditionRules(List<ConditionRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static ConditionRules defaults() {
    return new ConditionRules(
        List.of(
            new ConditionRule(
                null,
                null,
                List.of(
                    new ConditionRule.When("Stalled", "True", null, HealthStatus.DEGRADED),
                    new ConditionRule.When("Reconciling", "True", null, HealthStatus.PROGRESSING),
                    new ConditionRule.When("Ready", "True", null, HealthStatus.HEALTHY),
                    new ConditionRule.When("Ready", "False", null, HealthStatus.DEGRADED),
                    new ConditionRule.When("Ready", "Unknown", null, HealthStatus.PROGRESSING)),
                null,
                true)));
  }

  /** Reads a rules file; a malformed file fails with a message naming the file and the entry. */
  public static ConditionRules load(Path yamlFile) throws IOException {
    Object root;
    try {
      root = YAML.readValue(Files.readString(yamlFile), Object.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "health rules " + yamlFile + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    return new ConditionRules(ConditionRulesParser.parse(root, yamlFile.toString()));
  }

  public List<ConditionRule> rules() {
    return rules;
  }

  @Override
  public Optional<HealthResult> assess(Map<String, Object> object) {
    if (object == null) {
      return Optional.empty();
    }
    for (ConditionRule rule : rules) {
      if (rule.selects(object)) {
        return decide(rule, object);
      }
    }
    return Optional.empty();
  }

  private static Optional<HealthResult> decide(ConditionRule rule, Map<String, Object> object) {
    HealthResult verdict = null;
    outer:
    for (ConditionRule.When when : rule.conditions()) {
      for (Object condition : NestedFields.list(object, "status", "conditions")) {
        if (when.matches(condition)) {
          String message = NestedFields.string(condition, "message");
          verdict =
              new HealthResult(
                  when.health(),
                  message.isEmpty()
                      ? NestedFields.string(condition, "type")
                          + "="
                          + NestedFields.string(condition, "status")
                      : message);
          break outer;
        }
      }
    }
    if (verdict == null && rule.otherwise() != null) {
      verdict = new HealthResult(rule.otherwise(), "No condition of the health rule matched");
    }
    if (verdict == null) {
      return Optional.empty();
    }
    long generation = NestedFields.number(object, 0, "metadata", "generation");
    long observed = NestedFields.number(object, generation, "status", "observedGeneration");
    if (rule.checkObservedGeneration() && observed < generation) {
      return Optional.of(
          Verdicts.progressing("Waiting for the controller to observe generation " + generation));
    }
    return Optional.of(verdict);
  }
}
