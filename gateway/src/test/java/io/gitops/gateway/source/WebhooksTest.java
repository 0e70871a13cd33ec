package io.gitops.gateway.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.config.WebhookSecrets;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each provider's documented push payload: a valid signature is a push, anything else is refused.
 */
class WebhooksTest {
  static final Map<String, String> HOSTS =
      Map.of(
          "github",
          "github.com",
          "gitlab",
          "gitlab.com",
          "gitea",
          "gitea.example.com",
          "bitbucket",
          "bitbucket.org");
  static final Map<String, String> SIGNATURE_HEADERS =
      Map.of(
          "github",
          "X-Hub-Signature-256",
          "gitlab",
          "X-Gitlab-Token",
          "gitea",
          "X-Gitea-Signature",
          "bitbucket",
          "X-Hub-Signature");

  @ParameterizedTest
  @ValueSource(strings = {"github", "gitlab", "gitea", "bitbucket"})
  void aValidlySignedPushNamesItsRepository(String provider) {
    WebhookFixture f = WebhookFixture.load(provider, "valid");
    WebhookDelivery d = Webhooks.read(f.header(), f.body(), WebhookFixture.SECRETS);

    assertThat(d).isInstanceOf(WebhookDelivery.Push.class);
    PushEvent push = ((WebhookDelivery.Push) d).event();
    assertThat(push.provider()).isEqualTo(provider);
    assertThat(push.repoKeys()).contains(HOSTS.get(provider) + "/acme/shop");
    if (provider.equals("bitbucket")) {
      assertThat(push.hint()).as("Bitbucket lists no files: the tree diff decides").isEmpty();
    } else {
      assertThat(push.hint())
          .hasValueSatisfying(
              h -> {
                assertThat(h.paths()).isEqualTo(Set.of("apps/web/config.yaml"));
                assertThat(h.before()).isEqualTo("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
              });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"github", "gitlab", "gitea", "bitbucket"})
  void aForgedSignatureIsUnauthorized(String provider) {
    WebhookFixture f = WebhookFixture.load(provider, "forged");
    assertThat(Webhooks.read(f.header(), f.body(), WebhookFixture.SECRETS))
        .isInstanceOf(WebhookDelivery.Unauthorized.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"github", "gitlab", "gitea", "bitbucket"})
  void aMissingSignatureIsUnauthorized(String provider) {
    WebhookFixture f =
        WebhookFixture.load(provider, "valid").without(SIGNATURE_HEADERS.get(provider));
    assertThat(Webhooks.read(f.header(), f.body(), WebhookFixture.SECRETS))
        .isInstanceOf(WebhookDelivery.Unauthorized.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"github", "gitlab", "gitea", "bitbucket"})
  void aValidSignatureOverAChangedBodyIsUnauthorized(String provider) {
    WebhookFixture f = WebhookFixture.load(provider, "valid");
    byte[] tampered =
        new String(f.body(), StandardCharsets.UTF_8)
            .replace("acme/shop", "acme/bank")
            .getBytes(StandardCharsets.UTF_8);
    WebhookDelivery d = Webhooks.read(f.header(), tampered, WebhookFixture.SECRETS);
    assertThat(d)
        .isInstanceOf(
            provider.equals("gitlab")
                ? WebhookDelivery.Push.class
                : WebhookDelivery.Unauthorized.class);
  }

  @Test
  void aProviderWithoutAConfiguredSecretIsRefused() {
    WebhookFixture f = WebhookFixture.load("github", "valid");
    WebhookDelivery d = Webhooks.read(f.header(), f.body(), WebhookSecrets.NONE);
    assertThat(d)
        .isInstanceOfSatisfying(
            WebhookDelivery.Unauthorized.class,
            u -> assertThat(u.reason()).contains("webhooks.github-secret"));
  }

  @Test
  void githubsDocumentedTestVectorVerifies() {
    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
    byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    assertThat(
            WebhookSignatures.hmacSha256Matches(
                body,
                "It's a Secret to Everybody",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                "sha256="))
        .isTrue();
  }

  @Test
  void aPingIsIgnoredAndJunkIsABadRequest() {
    WebhookFixture ping = WebhookFixture.load("github", "valid").rewritten(Map.of());
    Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(ping.headers());
    headers.put("X-GitHub-Event", "ping");
    assertThat(Webhooks.read(headers::get, ping.body(), WebhookFixture.SECRETS))
        .isInstanceOf(WebhookDelivery.Ignored.class);

    WebhookFixture junk =
        new WebhookFixture("github", "not json".getBytes(StandardCharsets.UTF_8), ping.headers())
            .rewritten(Map.of());
    assertThat(Webhooks.read(junk.header(), junk.body(), WebhookFixture.SECRETS))
        .isInstanceOfSatisfying(
            WebhookDelivery.Invalid.class, i -> assertThat(i.field()).isEqualTo("body"));
    assertThat(Webhooks.read(h -> null, new byte[0], WebhookFixture.SECRETS))
        .isInstanceOf(WebhookDelivery.Invalid.class);
  }

  @ParameterizedTest
  @CsvSource({
    "https://github.com/acme/shop.git, github.com/acme/shop",
    "http://GitHub.com/acme/shop/, github.com/acme/shop",
    "git@github.com:acme/shop.git, github.com/acme/shop",
    "ssh://git@github.com:22/acme/shop.git, github.com/acme/shop",
    "https://user:token@gitlab.com/acme/shop, gitlab.com/acme/shop",
    "git://localhost:9418/acme/shop.git, localhost/acme/shop",
    "file:///tmp/repos/shop, /tmp/repos/shop"
  })
  void repositoryUrlSpellingsShareOneKey(String url, String key) {
    assertThat(RepoUrls.key(url)).isEqualTo(key);
  }

  @Test
  void redactionRemovesCredentialsFromUrls() {
    assertThat(RepoUrls.redact("cannot fetch https://bot:s3cret@git.example.com/a.git: 401"))
        .isEqualTo("cannot fetch https://git.example.com/a.git: 401");
  }
}
