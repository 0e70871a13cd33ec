package io.gitops.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the YAML configuration file, applies environment overrides, and validates every key. */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigLoader() {}

  public static GatewayConfig load(Path file, Map<String, String> env) {
    return fromTree(readTree(file), env, false);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> readTree(Path file) {
    try {
      Object tree = YAML.readValue(Files.readAllBytes(file), Object.class);
      if (tree == null) {
        return new LinkedHashMap<>();
      }
      if (!(tree instanceof Map)) {
        throw new ConfigException(file.toString(), "must be a YAML map of settings");
      }
      return (Map<String, Object>) tree;
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), "no such configuration file");
    } catch (JsonProcessingException e) {
      throw new ConfigException(file.toString(), YamlErrors.describe(e));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot read: " + e.getMessage());
    }
  }

  public static GatewayConfig fromTree(
      Map<String, Object> tree, Map<String, String> env, boolean demo) {
    ConfigSource src = new ConfigSource(tree, env);
    var http =
        new GatewayConfig.Http(
            src.string("http.host", "0.0.0.0"),
            src.integer("http.port", 8080, 0, 65535),
            src.integer("http.instances", GatewayConfig.Http.defaultInstances(), 1, 64));
    String dbUrl = src.string("database.url", null);
    if (dbUrl == null && !demo) {
      throw new ConfigException("database.url", "is required (postgresql://host:5432/db)");
    }
    if (dbUrl != null && !dbUrl.startsWith("postgresql://") && !dbUrl.startsWith("postgres://")) {
      throw new ConfigException(
          "database.url", "must look like postgresql://host:5432/db, got '" + dbUrl + "'");
    }
    var db =
        new GatewayConfig.Database(
            dbUrl,
            src.string("database.user", "postgres"),
            src.string("database.password", ""),
            src.integer("database.pool-size", 8, 1, 200),
            Path.of(src.string("database.embedded-data-dir", "data/postgres")));
    var oidc =
        new GatewayConfig.Oidc(
            demo ? src.string("oidc.issuer", null) : src.requiredString("oidc.issuer"),
            src.string("oidc.audience", "gitops-gateway"));
    var git =
        new GatewayConfig.Git(
            Path.of(src.string("git.data-dir", "data/git")),
            Duration.ofSeconds(src.integer("git.poll-interval-seconds", 60, 5, 86_400)),
            new WebhookSecrets(
                src.string("webhooks.github-secret", null),
                src.string("webhooks.gitlab-secret", null),
                src.string("webhooks.gitea-secret", null),
                src.string("webhooks.bitbucket-secret", null)),
            credentialsKey(src),
            GitAccess.from(src));
    String scripts = src.string("health.scripts-dir", null);
    String rules = src.string("health.condition-rules", null);
    var kube =
        new GatewayConfig.Kube(
            src.integer("kube.concurrent-lists", 8, 1, 1000),
            Duration.ofSeconds(src.integer("kube.probe-interval-seconds", 10, 1, 3600)),
            // as Clusters.DEFAULT_INFORMER_LINGER
            Duration.ofSeconds(src.integer("kube.informer-linger-seconds", 60, 0, 86_400)));
    GatewayConfig config =
        new GatewayConfig(
            http,
            db,
            oidc,
            git,
            clusters(src),
            Path.of(src.string("tenants.dir", "tenants")),
            scripts == null ? null : Path.of(scripts),
            demo,
            kube,
            rules == null ? null : Path.of(rules),
            SyncConfig.from(src),
            SecuritySettings.from(src));
    config =
        config
            .withRender(RenderConfig.from(src))
            .withClusterLabels(clusterLabels(src))
            .withReplicas(ReplicaConfig.from(src));
    src.rejectUnknown();
    return config;
  }

  private static final java.util.Set<String> CLUSTER_KEYS =
      java.util.Set.of(
          "name",
          "in-cluster",
          "server",
          "token",
          "ca-data",
          "insecure-skip-tls-verify",
          "kubeconfig",
          "context",
          "labels");

  /** {@code clusters[].labels}: checked as Kubernetes labels, each error naming its key. */
  private static Map<String, Map<String, String>> clusterLabels(ConfigSource src) {
    Map<String, Map<String, String>> out = new java.util.LinkedHashMap<>();
    List<Map<String, Object>> entries = src.list("clusters");
    for (int i = 0; i < entries.size(); i++) {
      Object labels = entries.get(i).get("labels");
      if (labels == null) {
        continue;
      }
      String key = "clusters[" + i + "].labels";
      if (!(labels instanceof Map<?, ?> map)) {
        throw new ConfigException(key, "must be a map of label keys to values");
      }
      try {
        out.put(String.valueOf(entries.get(i).get("name")), LabelSyntax.check(map));
      } catch (LabelSyntax.Invalid e) {
        throw new ConfigException(e.key() == null ? key : key + "." + e.key(), e.getMessage());
      }
    }
    return out;
  }

  /** {@code credentials.key}: base64 of exactly 32 bytes (AES-256), or absent. */
  private static String credentialsKey(ConfigSource src) {
    String key = src.string("credentials.key", null);
    if (key == null) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = java.util.Base64.getDecoder().decode(key.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("credentials.key", "must be base64 (e.g. openssl rand -base64 32)");
    }
    if (bytes.length != 32) {
      throw new ConfigException("credentials.key", "must decode to 32 bytes, got " + bytes.length);
    }
    return key.trim();
  }

  private static List<ClusterConfig> clusters(ConfigSource src) {
    List<ClusterConfig> out = new ArrayList<>();
    List<Map<String, Object>> entries = src.list("clusters");
    for (int i = 0; i < entries.size(); i++) {
      ConfigSource entry = new ConfigSource(entries.get(i), Map.of());
      String key = "clusters[" + i + "]";
      for (String field : entries.get(i).keySet()) {
        if (!CLUSTER_KEYS.contains(field)) {
          throw new ConfigException(
              key + "." + field,
              "is not a cluster setting; known: "
                  + String.join(", ", new java.util.TreeSet<>(CLUSTER_KEYS)));
        }
      }
      long ways =
          java.util.stream.Stream.of("in-cluster", "server", "context")
              .filter(entries.get(i)::containsKey)
              .count();
      if (ways > 1) {
        throw new ConfigException(
            key, "give one of 'context' (kubeconfig), 'server' or 'in-cluster: true', not several");
      }
      String name = entry.string("name", null);
      if (name == null || name.isBlank()) {
        throw new ConfigException(key + ".name", "is required");
      }
      if (entry.bool("in-cluster", false)) {
        out.add(new ClusterConfig.InCluster(name));
      } else if (entry.string("server", null) != null) {
        out.add(
            new ClusterConfig.Direct(
                name,
                entry.string("server", null),
                entry.string("token", null),
                entry.string("ca-data", null),
                entry.bool("insecure-skip-tls-verify", false)));
      } else if (entry.string("context", null) != null) {
        out.add(
            new ClusterConfig.Kubeconfig(
                name, entry.string("kubeconfig", null), entry.string("context", null)));
      } else {
        throw new ConfigException(
            key, "needs one of 'context' (kubeconfig), 'server' or 'in-cluster: true'");
      }
      if (out.stream().filter(c -> c.name().equals(name)).count() > 1) {
        throw new ConfigException(key + ".name", "cluster '" + name + "' is defined twice");
      }
    }
    return out;
  }
}
