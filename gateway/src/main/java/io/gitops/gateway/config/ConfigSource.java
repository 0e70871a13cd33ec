package io.gitops.gateway.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML tree with environment overrides: key {@code database.url} is overridden by {@code
 * GATEWAY_DATABASE_URL}. Typed getters name the key in every error.
 */
final class ConfigSource {
  private final Map<String, Object> root;
  private final Map<String, String> env;

  /** Every key asked for, present or not: what the gateway knows, to refuse what it does not. */
  private final Set<String> read = new TreeSet<>();

  ConfigSource(Map<String, Object> root, Map<String, String> env) {
    this.root = root;
    this.env = env;
  }

  static String envName(String key) {
    return "GATEWAY_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  Object raw(String key) {
    read.add(key);
    String override = env.get(envName(key));
    if (override != null) {
      return override;
    }
    Object node = root;
    for (String part : key.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(part);
    }
    return node;
  }

  String string(String key, String fallback) {
    Object value = raw(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Map || value instanceof List) {
      throw new ConfigException(
          key, "expected a single value, found a " + (value instanceof Map ? "map" : "list"));
    }
    return String.valueOf(value);
  }

  String requiredString(String key) {
    String value = string(key, null);
    if (value == null || value.isBlank()) {
      throw new ConfigException(key, "is required");
    }
    return value;
  }

  int integer(String key, int fallback, int min, int max) {
    String value = string(key, null);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n < min || n > max) {
        throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be a whole number, got '" + value + "'");
    }
  }

  boolean bool(String key, boolean fallback) {
    String value = string(key, null);
    if (value == null) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new ConfigException(key, "must be true or false, got '" + value + "'");
    };
  }

  /**
   * Fails on the first key of the file that no getter asked for (call it after reading everything):
   * a misspelt key must not fall back to a default without a word. A key read whole (a list, a map
   * read as one) covers what is below it.
   */
  void rejectUnknown() {
    rejectUnknown(root, "");
  }

  private void rejectUnknown(Map<?, ?> map, String prefix) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
      if (read.contains(key)) {
        continue;
      }
      boolean section = read.stream().anyMatch(k -> k.startsWith(key + "."));
      if (section && e.getValue() instanceof Map<?, ?> sub) {
        rejectUnknown(sub, key);
        continue;
      }
      throw new ConfigException(
          key,
          section
              ? "is a section, not a value"
              : "is not a setting of the gateway; known "
                  + (prefix.isEmpty() ? "sections: " : "under '" + prefix + "': ")
                  + String.join(", ", known(prefix)));
    }
  }

  /** The names the gateway reads right below {@code prefix} ("" for the top level). */
  private List<String> known(String prefix) {
    String start = prefix.isEmpty() ? "" : prefix + ".";
    return read.stream()
        .filter(k -> k.startsWith(start))
        .map(k -> k.substring(start.length()).split("\\.")[0])
        .distinct()
        .toList();
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> list(String key) {
    Object value = raw(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new ConfigException(key, "must be a list");
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map)) {
        throw new ConfigException(key + "[" + i + "]", "must be a map");
      }
    }
    return (List<Map<String, Object>>) value;
  }
}
