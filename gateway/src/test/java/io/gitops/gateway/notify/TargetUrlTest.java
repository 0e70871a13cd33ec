package io.gitops.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops.gateway.source.RepoUrlPolicy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Webhook URLs obey the operator's egress rules for repository URLs: production's strict policy
 * refuses every internal address, an operator's git.allowed-hosts lets one through.
 */
class TargetUrlTest {
  static final RepoUrlPolicy STRICT = RepoUrlPolicy.strict(null);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://[::1]/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://10.0.0.7/hook",
        "https://192.168.1.1/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://0.0.0.0/hook"
      })
  void internalAddressesAreRefusedByTheStrictPolicy(String url) {
    assertThatThrownBy(() -> TargetUrl.admit(url, STRICT))
        .isInstanceOf(TargetUrl.Invalid.class)
        .hasMessageContaining("git.allowed-hosts");
  }

  @ParameterizedTest
  @CsvSource({
    "http://hooks.example/x, scheme 'http' is not allowed",
    "ftp://hooks.example/x, must be https://",
    "file:///etc/passwd, must be https://",
    "https://user:pw@hooks.example/x, must not carry a user",
    "https:///x, names no host",
    "https://hooks.example/x#frag, must not have a #fragment",
    "'', is required"
  })
  void malformedOrForbiddenUrlsAreRefusedSayingWhy(String url, String why) {
    assertThatThrownBy(() -> TargetUrl.parse(url, STRICT))
        .isInstanceOf(TargetUrl.Invalid.class)
        .hasMessageContaining(why);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.0.0.0/8"})
  void anOperatorMayAllowAnInternalHost(String rule) {
    var policy = new RepoUrlPolicy(Set.of("https", "http"), List.of(), List.of(rule), null);
    TargetUrl url = TargetUrl.admit("http://127.0.0.1:8080/hook?token=s3cret", policy);
    assertThat(url.shown()).isEqualTo("http://127.0.0.1:8080/…");
  }
}
