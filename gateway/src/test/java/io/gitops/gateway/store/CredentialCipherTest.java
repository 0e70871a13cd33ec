package io.gitops.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Secrets at rest: unreadable without the key, and bound to the row they were written for. */
class CredentialCipherTest {
  final CredentialCipher cipher = new CredentialCipher(CredentialCipher.newKey());

  @Test
  void roundTripsAndNeverStoresThePlaintext() {
    byte[] sealed = cipher.encrypt("{\"password\":\"s3cret\"}", "team-a\nhttps://git.example.com/");
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("s3cret");
    assertThat(cipher.decrypt(sealed, "team-a\nhttps://git.example.com/"))
        .isEqualTo("{\"password\":\"s3cret\"}");
    assertThat(cipher.encrypt("same", "x"))
        .as("a fresh nonce each time")
        .isNotEqualTo(cipher.encrypt("same", "x"));
  }

  @Test
  void anotherRowOrAnotherKeyCannotDecrypt() {
    byte[] sealed = cipher.encrypt("s3cret", "team-a\nhttps://git.example.com/");
    assertThatThrownBy(() -> cipher.decrypt(sealed, "team-b\nhttps://git.example.com/"))
        .hasMessageContaining("wrong credentials.key")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(
            () ->
                new CredentialCipher(CredentialCipher.newKey())
                    .decrypt(sealed, "team-a\nhttps://git.example.com/"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new CredentialCipher("dG9vIHNob3J0")).hasMessageContaining("32 bytes");
  }
}
