package io.gitops.gateway.health;

import io.gitops.gateway.model.HealthStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns the YAML tree of a rules file into rules, naming the file and entry of every mistake. */
final class ConditionRulesParser {
  private static final Set<String> RULE_KEYS =
      Set.of("group", "kind", "conditions", "otherwise", "checkObservedGeneration");
  private static final Set<String> WHEN_KEYS = Set.of("type", "status", "reason", "health");

  private ConditionRulesParser() {}

  static List<ConditionRule> parse(Object root, String source) {
    if (!(root instanceof Map<?, ?> top) || !(top.get("rules") instanceof List<?> entries)) {
      throw new IllegalArgumentException(
          "health rules " + source + ": expected a top-level 'rules:' list");
    }
    List<ConditionRule> rules = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      rules.add(rule(entries.get(i), source + ": rules[" + i + "]"));
    }
    return rules;
  }

  private static ConditionRule rule(Object entry, String where) {
    Map<?, ?> map = mapping(entry, where, RULE_KEYS);
    if (!(map.get("conditions") instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException(
          "health rules " + where + ": 'conditions' must be a non-empty list");
    }
    List<ConditionRule.When> whens = new ArrayList<>();
    for (int j = 0; j < list.size(); j++) {
      String at = where + ".conditions[" + j + "]";
      Map<?, ?> when = mapping(list.get(j), at, WHEN_KEYS);
      String type = text(when, "type");
      if (type == null) {
        throw new IllegalArgumentException(
            "health rules " + at + ": 'type' is required (e.g. Ready)");
      }
      if (when.get("health") == null) {
        throw new IllegalArgumentException(
            "health rules " + at + ": 'health' is required (" + labels() + ")");
      }
      whens.add(
          new ConditionRule.When(
              type, text(when, "status"), text(when, "reason"), status(when.get("health"), at)));
    }
    Object otherwise = map.get("otherwise");
    Object check = map.get("checkObservedGeneration");
    return new ConditionRule(
        text(map, "group"),
        text(map, "kind"),
        whens,
        otherwise == null ? null : status(otherwise, where + ".otherwise"),
        check == null || Boolean.parseBoolean(String.valueOf(check)));
  }

  private static Map<?, ?> mapping(Object entry, String where, Set<String> allowed) {
    if (!(entry instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("health rules " + where + ": expected a mapping");
    }
    for (Object key : map.keySet()) {
      if (!allowed.contains(String.valueOf(key))) {
        throw new IllegalArgumentException(
            "health rules "
                + where
                + ": unknown key '"
                + key
                + "' (allowed: "
                + allowed.stream().sorted().collect(Collectors.joining(", "))
                + ")");
      }
    }
    return map;
  }

  private static String text(Map<?, ?> map, String key) {
    Object value = map.get(key);
    return value == null
        ? null
        : String.valueOf(value); // YAML True/False become "true"/"false": compared ignoring case
  }

  private static HealthStatus status(Object value, String where) {
    try {
      return HealthStatus.fromLabel(String.valueOf(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "health rules " + where + ": health '" + value + "' is not one of " + labels());
    }
  }

  private static String labels() {
    return Arrays.stream(HealthStatus.values())
        .map(HealthStatus::label)
        .collect(Collectors.joining(", "));
  }
}
