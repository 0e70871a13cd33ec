package io.gitops.gateway.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Bitbucket Cloud: {@code X-Event-Key: repo:push}, {@code X-Hub-Signature: sha256=<hex
 * HMAC-SHA256>} when the webhook has a secret (required here). The payload names no files, so the
 * tree diff decides which apps changed.
 */
final class BitbucketWebhook implements WebhookProvider {
  public String name() {
    return "bitbucket";
  }

  public boolean recognises(UnaryOperator<String> header) {
    return header.apply("X-Event-Key") != null;
  }

  public boolean signed(UnaryOperator<String> header, byte[] body, String secret) {
    return WebhookSignatures.hmacSha256Matches(
        body, secret, header.apply("X-Hub-Signature"), "sha256=");
  }

  public boolean isPush(UnaryOperator<String> header) {
    return "repo:push".equals(header.apply("X-Event-Key"));
  }

  public Set<String> repoKeys(JsonNode payload) {
    Set<String> keys = new HashSet<>();
    JsonNode repo = payload.path("repository");
    WebhookProvider.addKey(keys, repo.path("links").path("html").path("href"));
    String fullName = repo.path("full_name").asText("");
    if (!fullName.isEmpty()) {
      keys.add(RepoUrls.key("https://bitbucket.org/" + fullName));
    }
    return keys;
  }

  public Optional<PushHint> hint(JsonNode payload) {
    return Optional.empty();
  }
}
