package io.gitops.gateway.codec;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Inline Helm values as plain maps, lists and scalars (what JSON can store and Helm can read): from
 * Argo CD's YAML string, parsed once when the spec is accepted, or from a JSON object.
 */
final class InlineValues {
  private static final int MAX_CODE_POINTS = 1024 * 1024;
  private static final int MAX_NODES = 100_000;

  private InlineValues() {}

  static Map<String, Object> parse(String yaml, String field) {
    Object tree;
    try {
      tree = yaml().load(yaml);
    } catch (YAMLException e) {
      throw new InvalidSpecException(
          field, "is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (tree == null) {
      return Map.of();
    }
    if (!(tree instanceof Map<?, ?> map)) {
      throw new InvalidSpecException(field, "must be a YAML mapping of values");
    }
    return plainMap(map, field);
  }

  static Map<String, Object> plain(JsonObject json) {
    return new Copy("source.helm.values").map(json.getMap());
  }

  private static Map<String, Object> plainMap(Map<?, ?> map, String field) {
    return new Copy(field).map(map);
  }

  /**
   * A deep copy into plain types. It counts nodes: a few YAML aliases can stand for millions of
   * nodes (each alias of an alias doubles them), which the copy would otherwise build.
   */
  private static final class Copy {
    private final String field;
    private int nodes;

    Copy(String field) {
      this.field = field;
    }

    Map<String, Object> map(Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), value(v)));
      return out;
    }

    private Object value(Object value) {
      if (++nodes > MAX_NODES) {
        throw new InvalidSpecException(
            field, "has more than " + MAX_NODES + " values (aliases count once per use)");
      }
      if (value instanceof JsonObject o) {
        return map(o.getMap());
      }
      if (value instanceof Map<?, ?> m) {
        return map(m);
      }
      if (value instanceof JsonArray a) {
        return value(a.getList());
      }
      if (value instanceof List<?> l) {
        List<Object> out = new ArrayList<>(l.size());
        l.forEach(v -> out.add(value(v)));
        return out;
      }
      if (value == null
          || value instanceof String
          || value instanceof Number
          || value instanceof Boolean) {
        return value;
      }
      throw new InvalidSpecException(
          field,
          "may hold only mappings, lists, strings, numbers, booleans and null, not "
              + value.getClass().getSimpleName());
    }
  }

  /** Safe types only, alias and size limits on, timestamps kept as the strings written. */
  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    options.setCodePointLimit(MAX_CODE_POINTS);
    SafeConstructor constructor =
        new SafeConstructor(options) {
          {
            yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
          }
        };
    return new Yaml(constructor);
  }
}
