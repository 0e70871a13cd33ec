package io.gitops.gateway.source;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signature checks in constant time: the time taken never tells an attacker how close a guess was.
 */
final class WebhookSignatures {
  private WebhookSignatures() {}

  /** {@code given} is the hex HMAC-SHA256 of the body, optionally prefixed (e.g. "sha256="). */
  static boolean hmacSha256Matches(byte[] body, String secret, String given, String prefix) {
    if (given == null || !given.startsWith(prefix)) {
      return false;
    }
    String expected = prefix + HexFormat.of().formatHex(hmacSha256(body, secret));
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8),
        given.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
  }

  /** A token sent as is (GitLab): compared as bytes in constant time. */
  static boolean tokenMatches(String secret, String given) {
    return given != null
        && MessageDigest.isEqual(
            secret.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] hmacSha256(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
