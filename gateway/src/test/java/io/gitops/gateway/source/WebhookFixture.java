package io.gitops.gateway.source;

import io.gitops.gateway.config.WebhookSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A recorded delivery under src/test/resources/webhooks: {@code PROVIDER-push.json} (the body, in
 * the provider's documented format), {@code PROVIDER-push.valid.headers} / {@code .forged.headers},
 * and the secrets they were signed with in {@code secrets.properties}.
 */
public record WebhookFixture(String provider, byte[] body, Map<String, String> headers) {
  public static final WebhookSecrets SECRETS = secrets();

  public static WebhookFixture load(String provider, String kind) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String line : text(provider + "-push." + kind + ".headers").split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    return new WebhookFixture(
        provider, text(provider + "-push.json").getBytes(StandardCharsets.UTF_8), headers);
  }

  public UnaryOperator<String> header() {
    return headers::get;
  }

  public WebhookFixture without(String header) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    h.remove(header);
    return new WebhookFixture(provider, body, h);
  }

  /**
   * The body with {@code replacements} applied and signed again with the fixture secret, as the
   * provider would.
   */
  public WebhookFixture rewritten(Map<String, String> replacements) {
    String text = new String(body, StandardCharsets.UTF_8);
    for (var e : replacements.entrySet()) {
      text = text.replace(e.getKey(), e.getValue());
    }
    byte[] newBody = text.getBytes(StandardCharsets.UTF_8);
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    String secret = SECRETS.of(provider).orElseThrow();
    String hex = java.util.HexFormat.of().formatHex(WebhookSignatures.hmacSha256(newBody, secret));
    switch (provider) {
      case "github" -> h.put("X-Hub-Signature-256", "sha256=" + hex);
      case "gitea" -> h.put("X-Gitea-Signature", hex);
      case "bitbucket" -> h.put("X-Hub-Signature", "sha256=" + hex);
      default -> {} // GitLab sends the token itself, not a signature of the body
    }
    return new WebhookFixture(provider, newBody, h);
  }

  private static WebhookSecrets secrets() {
    Properties p = new Properties();
    try (InputStream in =
        WebhookFixture.class.getResourceAsStream("/webhooks/secrets.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new WebhookSecrets(
        p.getProperty("github"),
        p.getProperty("gitlab"),
        p.getProperty("gitea"),
        p.getProperty("bitbucket"));
  }

  private static String text(String name) {
    try (InputStream in = WebhookFixture.class.getResourceAsStream("/webhooks/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture /webhooks/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
