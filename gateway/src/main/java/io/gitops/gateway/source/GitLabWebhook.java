package io.gitops.gateway.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * GitLab: {@code X-Gitlab-Event: Push Hook} (or {@code Tag Push Hook}); the secret comes back as is
 * in {@code X-Gitlab-Token}. The payload lists at most 20 commits; {@code total_commits_count} says
 * how many there were.
 */
final class GitLabWebhook implements WebhookProvider {
  public String name() {
    return "gitlab";
  }

  public boolean recognises(UnaryOperator<String> header) {
    return header.apply("X-Gitlab-Event") != null;
  }

  public boolean signed(UnaryOperator<String> header, byte[] body, String secret) {
    return WebhookSignatures.tokenMatches(secret, header.apply("X-Gitlab-Token"));
  }

  public boolean isPush(UnaryOperator<String> header) {
    String event = header.apply("X-Gitlab-Event");
    return "Push Hook".equals(event) || "Tag Push Hook".equals(event);
  }

  public Set<String> repoKeys(JsonNode payload) {
    Set<String> keys = new HashSet<>();
    for (String field :
        new String[] {"git_http_url", "git_ssh_url", "web_url", "http_url", "ssh_url"}) {
      WebhookProvider.addKey(keys, payload.path("project").path(field));
    }
    for (String field : new String[] {"git_http_url", "git_ssh_url", "homepage", "url"}) {
      WebhookProvider.addKey(keys, payload.path("repository").path(field));
    }
    return keys;
  }

  public Optional<PushHint> hint(JsonNode payload) {
    JsonNode commits = payload.path("commits");
    if (payload.path("total_commits_count").asInt(-1) != commits.size()) {
      return Optional.empty();
    }
    return Optional.of(
        new PushHint(
            payload.path("before").asText(),
            payload.path("after").asText(),
            WebhookProvider.filesOf(commits)));
  }
}
