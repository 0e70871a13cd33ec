package io.gitops.gateway.tenancy;

import io.gitops.gateway.model.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema of a tenant definition, shared by tenant files and the admin API: reads a parsed tree
 * into a {@link Tenant} (every error names the field and the reason) and writes one back.
 */
public final class TenantSchema {
  static final Set<String> FIELDS =
      Set.of(
          "name",
          "displayName",
          "roles",
          "sourceRepos",
          "destinations",
          "kinds",
          "quotas",
          "syncWindows");
  private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd])");

  private TenantSchema() {}

  public static Tenant read(Map<?, ?> tree) {
    known(tree, FIELDS, "");
    TenantId id;
    try {
      id = new TenantId(String.valueOf(tree.get("name")));
    } catch (IllegalArgumentException e) {
      throw new InvalidTenantException(
          "name", tree.get("name") == null ? "is required" : e.getMessage());
    }
    String display =
        tree.get("displayName") == null ? id.value() : String.valueOf(tree.get("displayName"));
    return new Tenant(
        id,
        display,
        roles(tree.get("roles")),
        strings("sourceRepos", tree.get("sourceRepos")),
        destinations(tree.get("destinations")),
        kinds(tree.get("kinds")),
        quotas(tree.get("quotas")),
        windows(tree.get("syncWindows")));
  }

  private static void known(Map<?, ?> tree, Set<String> fields, String prefix) {
    for (Object key : tree.keySet()) {
      if (!fields.contains(String.valueOf(key))) {
        throw new InvalidTenantException(
            prefix + key,
            "unknown field (known: " + String.join(", ", new java.util.TreeSet<>(fields)) + ")");
      }
    }
  }

  private static Map<String, Role> roles(Object value) {
    Map<String, Role> roles = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> r) {
      for (var e : r.entrySet()) {
        try {
          roles.put(String.valueOf(e.getKey()), Role.parse(String.valueOf(e.getValue())));
        } catch (IllegalArgumentException ex) {
          throw new InvalidTenantException("roles." + e.getKey(), ex.getMessage());
        }
      }
    } else if (value != null) {
      throw new InvalidTenantException("roles", "must map OIDC groups to roles");
    }
    return Map.copyOf(roles);
  }

  private static List<Tenant.Destination> destinations(Object value) {
    List<Tenant.Destination> out = new ArrayList<>();
    for (Map<?, ?> d : maps("destinations", value)) {
      String field = "destinations[" + out.size() + "]";
      known(d, Set.of("cluster", "namespace"), field + ".");
      if (d.get("cluster") == null || d.get("namespace") == null) {
        throw new InvalidTenantException(field, "needs cluster and namespace (globs)");
      }
      out.add(
          new Tenant.Destination(
              String.valueOf(d.get("cluster")), String.valueOf(d.get("namespace"))));
    }
    return List.copyOf(out);
  }

  private static KindRules kinds(Object value) {
    if (value == null) {
      return KindRules.DEFAULT;
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw new InvalidTenantException("kinds", "must be a map with allow and/or deny lists");
    }
    known(m, Set.of("allow", "deny"), "kinds.");
    return new KindRules(
        strings("kinds.allow", m.get("allow")), strings("kinds.deny", m.get("deny")));
  }

  private static Tenant.Quotas quotas(Object value) {
    if (value == null) {
      return Tenant.Quotas.NONE;
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw new InvalidTenantException("quotas", "must be a map (maxApps, maxClusters)");
    }
    known(m, Set.of("maxApps", "maxClusters"), "quotas.");
    return new Tenant.Quotas(
        count("quotas.maxApps", m.get("maxApps")),
        count("quotas.maxClusters", m.get("maxClusters")));
  }

  private static Integer count(String field, Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer n) || n < 0) {
      throw new InvalidTenantException(field, "must be a whole number >= 0");
    }
    return n;
  }

  private static List<SyncWindow> windows(Object value) {
    List<SyncWindow> out = new ArrayList<>();
    for (Map<?, ?> w : maps("syncWindows", value)) {
      String field = "syncWindows[" + out.size() + "]";
      known(w, Set.of("kind", "schedule", "duration", "clusters", "manualSync"), field + ".");
      SyncWindow.Kind kind;
      try {
        kind =
            SyncWindow.Kind.valueOf(
                String.valueOf(w.get("kind")).toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidTenantException(field + ".kind", "must be allow or deny");
      }
      String schedule = String.valueOf(w.get("schedule"));
      try {
        CronSchedule.parse(schedule);
      } catch (IllegalArgumentException e) {
        throw new InvalidTenantException(field + ".schedule", e.getMessage());
      }
      out.add(
          new SyncWindow(
              kind,
              schedule.trim(),
              duration(field + ".duration", w.get("duration")),
              strings(field + ".clusters", w.get("clusters")),
              Boolean.TRUE.equals(w.get("manualSync"))));
    }
    return List.copyOf(out);
  }

  private static Duration duration(String field, Object value) {
    Matcher m = DURATION.matcher(String.valueOf(value));
    if (value == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new InvalidTenantException(field, "must be a duration like 30m, 1h or 2d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static List<Map<?, ?>> maps(String field, Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new InvalidTenantException(field, "must be a list");
    }
    List<Map<?, ?>> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> m)) {
        throw new InvalidTenantException(field + "[" + i + "]", "must be a map");
      }
      out.add(m);
    }
    return out;
  }

  private static List<String> strings(String field, Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list) || list.stream().anyMatch(v -> !(v instanceof String))) {
      throw new InvalidTenantException(field, "must be a list of strings");
    }
    return list.stream().map(String::valueOf).toList();
  }

  /**
   * The tenant in the same shape as its file: what the admin API shows and the database mirrors.
   */
  public static Map<String, Object> write(Tenant t) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("name", t.id().value());
    tree.put("displayName", t.displayName());
    Map<String, Object> roles = new LinkedHashMap<>();
    t.groupRoles().forEach((g, r) -> roles.put(g, r.name().toLowerCase(java.util.Locale.ROOT)));
    tree.put("roles", roles);
    tree.put("sourceRepos", t.sourceRepos());
    tree.put(
        "destinations",
        t.destinations().stream()
            .map(d -> Map.<String, Object>of("cluster", d.cluster(), "namespace", d.namespace()))
            .toList());
    tree.put("kinds", Map.of("allow", t.kinds().allow(), "deny", t.kinds().deny()));
    Map<String, Object> quotas = new LinkedHashMap<>();
    quotas.put("maxApps", t.quotas().maxApps());
    quotas.put("maxClusters", t.quotas().maxClusters());
    tree.put("quotas", quotas);
    tree.put(
        "syncWindows",
        t.syncWindows().stream()
            .map(
                w ->
                    Map.<String, Object>of(
                        "kind",
                        w.kind().name().toLowerCase(java.util.Locale.ROOT),
                        "schedule",
                        w.schedule(),
                        "duration",
                        w.duration().toSeconds() + "s",
                        "clusters",
                        w.clusters(),
                        "manualSync",
                        w.manualSync()))
            .toList());
    return tree;
  }
}
