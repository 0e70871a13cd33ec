package io.gitops.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which stored credential a repository URL gets: exact scheme, host and port, a path prefix on a
 * '/' boundary, the longest one winning. {@code -} means none.
 */
class CredentialMatchTest {
  private static final List<String> STORED =
      List.of(
          "https://git.example.com",
          "https://git.example.com/team-a",
          "ssh://git@git.example.com/team-a/",
          "http://127.0.0.1:8080/");

  @ParameterizedTest(name = "{0} gets {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      https://git.example.com/team-a/x.git       | https://git.example.com/team-a
      https://git.example.com/team-ab/x          | https://git.example.com
      https://git.example.com/team-b/x.git       | https://git.example.com
      https://git.example.com:443/team-a/x       | https://git.example.com/team-a
      https://git.example.com.evil.tld/x         | -
      https://evil.tld/https://git.example.com/x | -
      http://git.example.com/team-a/x            | -
      https://git.example.com:8443/team-a/x      | -
      git@git.example.com:team-a/x.git           | ssh://git@git.example.com/team-a/
      ssh://other@git.example.com/team-a/x       | -
      http://127.0.0.1:8080/repo.git             | http://127.0.0.1:8080/
      http://127.0.0.1:8081/repo.git             | -
      https://git.example.com/team-a/../x        | -
      """)
  void offered(String url, String expected) {
    assertThat(CredentialStore.best(STORED, url).orElse("-")).isEqualTo(expected);
  }
}
