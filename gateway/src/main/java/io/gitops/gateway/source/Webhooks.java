package io.gitops.gateway.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops.gateway.config.WebhookSecrets;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads one webhook delivery: which provider sent it, whether its signature holds (checked before
 * the body is parsed, so an unsigned body is never even read), and which repositories it names.
 */
public final class Webhooks {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Gitea sends GitHub's headers too: it must be asked first.
  private static final List<WebhookProvider> PROVIDERS =
      List.of(new GiteaWebhook(), new GitLabWebhook(), new BitbucketWebhook(), new GitHubWebhook());

  private Webhooks() {}

  public static WebhookDelivery read(
      UnaryOperator<String> header, byte[] body, WebhookSecrets secrets) {
    WebhookProvider provider =
        PROVIDERS.stream().filter(p -> p.recognises(header)).findFirst().orElse(null);
    if (provider == null) {
      return new WebhookDelivery.Invalid(
          "unknown",
          "headers",
          "not a push webhook of GitHub, GitLab, Gitea/Forgejo or Bitbucket Cloud (no event header)");
    }
    String secret = secrets.of(provider.name()).orElse(null);
    if (secret == null) {
      return new WebhookDelivery.Unauthorized(
          provider.name(),
          provider.name() + " webhooks are disabled: set webhooks." + provider.name() + "-secret");
    }
    if (!provider.signed(header, body, secret)) {
      return new WebhookDelivery.Unauthorized(provider.name(), "missing or invalid signature");
    }
    if (!provider.isPush(header)) {
      return new WebhookDelivery.Ignored(provider.name(), "not a push event");
    }
    JsonNode payload;
    try {
      payload = JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return new WebhookDelivery.Invalid(
          provider.name(), "body", "not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return new WebhookDelivery.Invalid(provider.name(), "body", "unreadable: " + e.getMessage());
    }
    if (payload == null || !payload.isObject()) {
      return new WebhookDelivery.Invalid(provider.name(), "body", "must be a JSON object");
    }
    Set<String> keys = provider.repoKeys(payload);
    if (keys.isEmpty()) {
      return new WebhookDelivery.Invalid(
          provider.name(), "repository", "the payload names no repository URL");
    }
    return new WebhookDelivery.Push(new PushEvent(provider.name(), keys, provider.hint(payload)));
  }
}
