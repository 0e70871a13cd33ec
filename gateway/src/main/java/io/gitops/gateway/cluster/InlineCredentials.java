package io.gitops.gateway.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitops.gateway.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule for a kubeconfig that arrives as text (the cluster admin API, or one stored from it):
 * credentials inline only. fabric8 would run an {@code exec} plugin or an {@code auth-provider}'s
 * command on the gateway host, and read {@code tokenFile}, {@code client-key} and the like from its
 * disk, so a kubeconfig naming any of them is refused before fabric8 ever sees it. Every level is
 * an allow-list: a key this class does not know is refused too, since a future fabric8 might act on
 * it.
 */
public final class InlineCredentials {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Set<String> TOP =
      Set.of(
          "apiVersion",
          "kind",
          "clusters",
          "users",
          "contexts",
          "current-context",
          "preferences",
          "extensions");
  private static final Set<String> CLUSTER =
      Set.of(
          "server",
          "certificate-authority-data",
          "insecure-skip-tls-verify",
          "tls-server-name",
          "disable-compression",
          "extensions");
  private static final Set<String> USER =
      Set.of(
          "token",
          "client-certificate-data",
          "client-key-data",
          "username",
          "password",
          "extensions");
  private static final Set<String> CONTEXT = Set.of("cluster", "user", "namespace", "extensions");

  /** Keys that would run a program on the gateway host. */
  private static final Set<String> RUNS = Set.of("exec", "auth-provider");

  /** Keys that name a file on the gateway host, in fabric8's and kubectl's spellings. */
  private static final Set<String> READS =
      Set.of(
          "tokenFile",
          "token-file",
          "client-certificate",
          "client-key",
          "certificate-authority",
          "username-file",
          "password-file");

  private InlineCredentials() {}

  /** A refusal naming the dotted field, so the API can answer 400 with {@code field} set. */
  public static final class Refused extends ConfigException {
    private final String field;

    Refused(String field, String reason) {
      super(field, reason);
      this.field = field;
    }

    public String field() {
      return field;
    }

    /** The reason without the field in front. */
    public String reason() {
      return getMessage().substring(field.length() + 2);
    }
  }

  /**
   * Refuses a kubeconfig that is not inline-only. {@code field} prefixes the dotted path in the
   * error ({@code kubeconfig} gives {@code kubeconfig.users[0].user.exec}).
   */
  public static void check(String kubeconfig, String field) {
    Object tree;
    try {
      tree = YAML.readValue(kubeconfig, Object.class);
    } catch (JsonProcessingException e) {
      throw new Refused(
          field,
          "not valid YAML"
              + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
    Map<?, ?> top = map(tree, field);
    keys(top, TOP, field);
    entries(top, "clusters", "cluster", CLUSTER, field);
    entries(top, "users", "user", USER, field);
    entries(top, "contexts", "context", CONTEXT, field);
  }

  /**
   * Checks {@code top[list][i][inner]} against {@code allowed}: clusters[0].cluster, users[1].user
   * …
   */
  private static void entries(
      Map<?, ?> top, String list, String inner, Set<String> allowed, String field) {
    Object value = top.get(list);
    if (value == null) {
      return;
    }
    if (!(value instanceof List<?> items)) {
      throw new Refused(field + "." + list, "must be a list");
    }
    for (int i = 0; i < items.size(); i++) {
      String at = field + "." + list + "[" + i + "]";
      Map<?, ?> entry = map(items.get(i), at);
      keys(entry, Set.of("name", inner, "extensions"), at);
      if (entry.get(inner) != null) {
        keys(map(entry.get(inner), at + "." + inner), allowed, at + "." + inner);
      }
    }
  }

  private static void keys(Map<?, ?> map, Set<String> allowed, String at) {
    for (Object key : map.keySet()) {
      String name = String.valueOf(key);
      if (RUNS.contains(name)) {
        throw new Refused(
            at + "." + name,
            "would run a program on the gateway host; "
                + "give the credentials inline (token, client-certificate-data + client-key-data)");
      }
      if (READS.contains(name)) {
        throw new Refused(
            at + "." + name,
            "names a file on the gateway host; "
                + "give its content inline instead (token, *-data)");
      }
      if (!allowed.contains(name)) {
        throw new Refused(
            at + "." + name,
            "is not supported here (known: "
                + String.join(", ", new java.util.TreeSet<>(allowed))
                + ")");
      }
    }
  }

  private static Map<?, ?> map(Object value, String at) {
    if (value instanceof Map<?, ?> m) {
      return m;
    }
    throw new Refused(at, "must be a map");
  }
}
