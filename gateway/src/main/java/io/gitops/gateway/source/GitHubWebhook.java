package io.gitops.gateway.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * GitHub: {@code X-GitHub-Event: push}, {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the
 * body>}. The payload lists at most 2,048 commits and none of a force push's dropped commits.
 */
final class GitHubWebhook implements WebhookProvider {
  private static final int MAX_LISTED_COMMITS = 2048;

  public String name() {
    return "github";
  }

  public boolean recognises(UnaryOperator<String> header) {
    return header.apply("X-GitHub-Event") != null;
  }

  public boolean signed(UnaryOperator<String> header, byte[] body, String secret) {
    return WebhookSignatures.hmacSha256Matches(
        body, secret, header.apply("X-Hub-Signature-256"), "sha256=");
  }

  public boolean isPush(UnaryOperator<String> header) {
    return "push".equals(header.apply("X-GitHub-Event"));
  }

  public Set<String> repoKeys(JsonNode payload) {
    Set<String> keys = new HashSet<>();
    JsonNode repo = payload.path("repository");
    for (String field : new String[] {"clone_url", "html_url", "ssh_url", "git_url", "url"}) {
      WebhookProvider.addKey(keys, repo.path(field));
    }
    return keys;
  }

  public Optional<PushHint> hint(JsonNode payload) {
    JsonNode commits = payload.path("commits");
    if (payload.path("forced").asBoolean(false) || commits.size() >= MAX_LISTED_COMMITS) {
      return Optional.empty();
    }
    return Optional.of(
        new PushHint(
            payload.path("before").asText(),
            payload.path("after").asText(),
            WebhookProvider.filesOf(commits)));
  }
}
