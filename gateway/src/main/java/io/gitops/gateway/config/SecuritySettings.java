package io.gitops.gateway.config;

/**
 * The {@code auth.*} and {@code metrics.*} keys.
 *
 * @param operatorGroup {@code auth.operator-group}: the OIDC group whose members act as admin in
 *     every tenant and run the admin API (default {@code gitops-operators})
 * @param metricsPort {@code metrics.port}: serve {@code /metrics} on this port only (0: any free
 *     port), on the same host as the API; null: on the main port, as before
 * @param metricsToken {@code metrics.token}: when set, {@code /metrics} needs {@code Authorization:
 *     Bearer <it>} (set it through {@code GATEWAY_METRICS_TOKEN}); null: open
 */
public record SecuritySettings(String operatorGroup, Integer metricsPort, String metricsToken) {
  public static final String DEFAULT_OPERATOR_GROUP = "gitops-operators";

  public static SecuritySettings defaults() {
    return new SecuritySettings(DEFAULT_OPERATOR_GROUP, null, null);
  }

  static SecuritySettings from(ConfigSource src) {
    String group = src.string("auth.operator-group", DEFAULT_OPERATOR_GROUP).trim();
    if (group.isEmpty()) {
      throw new ConfigException("auth.operator-group", "must not be empty");
    }
    Integer port =
        src.string("metrics.port", null) == null ? null : src.integer("metrics.port", 0, 0, 65535);
    String token = src.string("metrics.token", null);
    if (token != null && token.trim().length() < 16) {
      throw new ConfigException(
          "metrics.token", "must be at least 16 characters (e.g. openssl rand -hex 32)");
    }
    return new SecuritySettings(group, port, token == null ? null : token.trim());
  }

  @Override
  public String toString() {
    return "SecuritySettings[operatorGroup="
        + operatorGroup
        + ", metricsPort="
        + metricsPort
        + ", metricsToken="
        + (metricsToken == null ? "none" : "***")
        + "]";
  }
}
