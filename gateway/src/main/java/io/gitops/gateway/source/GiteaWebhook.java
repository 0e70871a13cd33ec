package io.gitops.gateway.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Gitea and Forgejo: {@code X-Gitea-Event: push} (Forgejo also sends {@code X-Forgejo-*}), {@code
 * X-Gitea-Signature: <hex HMAC-SHA256 of the body>}, no prefix. The commit list is capped by the
 * server's settings; {@code total_commits} says how many there were. Gitea also sends GitHub's
 * headers for compatibility, so it must be recognised before GitHub.
 */
final class GiteaWebhook implements WebhookProvider {
  public String name() {
    return "gitea";
  }

  public boolean recognises(UnaryOperator<String> header) {
    return header.apply("X-Gitea-Event") != null || header.apply("X-Forgejo-Event") != null;
  }

  public boolean signed(UnaryOperator<String> header, byte[] body, String secret) {
    String signature = header.apply("X-Gitea-Signature");
    return WebhookSignatures.hmacSha256Matches(
        body, secret, signature != null ? signature : header.apply("X-Forgejo-Signature"), "");
  }

  public boolean isPush(UnaryOperator<String> header) {
    String event = header.apply("X-Gitea-Event");
    return "push".equals(event != null ? event : header.apply("X-Forgejo-Event"));
  }

  public Set<String> repoKeys(JsonNode payload) {
    Set<String> keys = new HashSet<>();
    for (String field : new String[] {"clone_url", "html_url", "ssh_url"}) {
      WebhookProvider.addKey(keys, payload.path("repository").path(field));
    }
    return keys;
  }

  public Optional<PushHint> hint(JsonNode payload) {
    JsonNode commits = payload.path("commits");
    if (payload.path("total_commits").asInt(-1) != commits.size()) {
      return Optional.empty();
    }
    return Optional.of(
        new PushHint(
            payload.path("before").asText(),
            payload.path("after").asText(),
            WebhookProvider.filesOf(commits)));
  }
}
