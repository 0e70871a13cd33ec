package io.gitops.gateway.config;

import java.util.Optional;

/**
 * The shared secret configured per provider ({@code webhooks.github-secret} …). A provider without
 * one is disabled: its deliveries are refused, never accepted unsigned.
 */
public record WebhookSecrets(String github, String gitlab, String gitea, String bitbucket) {
  public static final WebhookSecrets NONE = new WebhookSecrets(null, null, null, null);

  public Optional<String> of(String provider) {
    String s =
        switch (provider) {
          case "github" -> github;
          case "gitlab" -> gitlab;
          case "gitea" -> gitea;
          case "bitbucket" -> bitbucket;
          default -> null;
        };
    return Optional.ofNullable(s).filter(v -> !v.isEmpty());
  }

  @Override
  public String toString() {
    return "WebhookSecrets[***]";
  }
}
