package io.gitops.gateway.tenancy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitops.gateway.config.ConfigException;
import io.gitops.gateway.config.YamlErrors;
import io.gitops.gateway.model.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads tenants/*.yaml, one tenant a file. Every error names the file, the field and the reason;
 * one bad file fails the whole load, so a half-read set of tenants is never put in force.
 */
public final class TenantFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> FIELDS = Set.of("name", "displayName", "roles", "sourceRepos", "destinations");

  private TenantFiles() {}

  public static Map<TenantId, Tenant> load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException("tenants.dir", "no such folder: " + dir);
    }
    Map<TenantId, Tenant> tenants = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
        Tenant t = parse(file);
        if (tenants.put(t.id(), t) != null) {
          throw new ConfigException(file + ": name", "tenant '" + t.id() + "' is defined in two files");
        }
      }
    } catch (IOException e) {
      throw new ConfigException("tenants.dir", "cannot read " + dir + ": " + e.getMessage());
    }
    return tenants;
  }

  static Tenant parse(Path file) {
    Map<?, ?> tree;
    try {
      Object parsed = YAML.readValue(Files.readAllBytes(file), Object.class);
      if (!(parsed instanceof Map<?, ?> m)) {
        throw new ConfigException(file.toString(), "must be a YAML map");
      }
      tree = m;
    } catch (JsonProcessingException e) {
      throw new ConfigException(file.toString(), YamlErrors.describe(e));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot read: " + e.getMessage());
    }
    for (Object key : tree.keySet()) {
      if (!FIELDS.contains(String.valueOf(key))) {
        throw new ConfigException(file + ": " + key, "unknown field (known: " + String.join(", ", FIELDS) + ")");
      }
    }
    TenantId id;
    try {
      id = new TenantId(String.valueOf(tree.get("name")));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file + ": name", tree.get("name") == null ? "is required" : e.getMessage());
    }
    String expected = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    if (!expected.equals(id.value())) {
      throw new ConfigException(file + ": name", "must match the file name ('" + expected + "')");
    }
    Map<String, Role> roles = new LinkedHashMap<>();
    if (tree.get("roles") instanceof Map<?, ?> r) {
      for (var e : r.entrySet()) {
        try {
          roles.put(String.valueOf(e.getKey()), Role.parse(String.valueOf(e.getValue())));
        } catch (IllegalArgumentException ex) {
          throw new ConfigException(file + ": roles." + e.getKey(), ex.getMessage());
        }
      }
    } else if (tree.get("roles") != null) {
      throw new ConfigException(file + ": roles", "must map OIDC groups to roles");
    }
    List<String> repos = strings(file, "sourceRepos", tree.get("sourceRepos"));
    List<Tenant.Destination> destinations = new ArrayList<>();
    if (tree.get("destinations") instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof Map<?, ?> d) || d.get("cluster") == null || d.get("namespace") == null) {
          throw new ConfigException(file + ": destinations[" + i + "]", "needs cluster and namespace (globs)");
        }
        destinations.add(new Tenant.Destination(String.valueOf(d.get("cluster")), String.valueOf(d.get("namespace"))));
      }
    } else if (tree.get("destinations") != null) {
      throw new ConfigException(file + ": destinations", "must be a list");
    }
    String display = tree.get("displayName") == null ? id.value() : String.valueOf(tree.get("displayName"));
    return new Tenant(id, display, Map.copyOf(roles), repos, List.copyOf(destinations));
  }

  private static List<String> strings(Path file, String field, Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new ConfigException(file + ": " + field, "must be a list of strings");
    }
    return list.stream().map(String::valueOf).toList();
  }
}
