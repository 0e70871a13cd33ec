package io.gitops.gateway.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** One Git host's webhook dialect: how it names itself, signs, and describes a push. */
sealed interface WebhookProvider
    permits GitHubWebhook, GitLabWebhook, GiteaWebhook, BitbucketWebhook {
  String name();

  /** True when the headers are this provider's. */
  boolean recognises(UnaryOperator<String> header);

  boolean signed(UnaryOperator<String> header, byte[] body, String secret);

  boolean isPush(UnaryOperator<String> header);

  /** Every spelling of the repository URL the payload gives, as {@link RepoUrls#key}s. */
  Set<String> repoKeys(JsonNode payload);

  /** The changed files, only when the payload lists all of them. */
  Optional<PushHint> hint(JsonNode payload);

  /**
   * Added, modified and removed files of {@code commits[]} (GitHub, Gitea and GitLab share the
   * shape).
   */
  static Set<String> filesOf(JsonNode commits) {
    Set<String> paths = new java.util.HashSet<>();
    for (JsonNode c : commits) {
      for (String kind : new String[] {"added", "modified", "removed"}) {
        c.path(kind).forEach(p -> paths.add(p.asText()));
      }
    }
    return paths;
  }

  static void addKey(Set<String> keys, JsonNode url) {
    if (url.isTextual() && !url.asText().isBlank()) {
      keys.add(RepoUrls.key(url.asText()));
    }
  }
}
