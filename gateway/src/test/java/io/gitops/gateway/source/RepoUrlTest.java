package io.gitops.gateway.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Repository URLs parsed, not pattern-matched: what is accepted as what, and what is refused and
 * why.
 */
class RepoUrlTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      https://git.example.com/team-a/app.git       | https | -    | git.example.com | 443  | /team-a/app.git
      HTTPS://Git.Example.COM:8443/team-a/app/     | https | -    | git.example.com | 8443 | /team-a/app
      https://bot:s3cret@git.example.com/x         | https | bot  | git.example.com | 443  | /x
      http://127.0.0.1:8080/repo                   | http  | -    | 127.0.0.1       | 8080 | /repo
      ssh://git@github.com/org/repo.git            | ssh   | git  | github.com      | 22   | /org/repo.git
      ssh://git@[::1]:2222/org/repo                | ssh   | git  | [::1]           | 2222 | /org/repo
      git@github.com:org/repo.git                  | ssh   | git  | github.com      | 22   | /org/repo.git
      github.com:org/repo                          | ssh   | -    | github.com      | 22   | /org/repo
      git://git.example.com/repo                   | git   | -    | git.example.com | 9418 | /repo
      file:///srv/git/repo                         | file  | -    | ''              | -1   | /srv/git/repo
      file://localhost/srv/git/repo                | file  | -    | ''              | -1   | /srv/git/repo
      /srv/git/repo                                | file  | -    | ''              | -1   | /srv/git/repo
      """)
  void accepted(String raw, String scheme, String user, String host, int port, String path) {
    RepoUrl url = RepoUrl.parse(raw);
    assertThat(url)
        .isEqualTo(new RepoUrl(scheme, user.equals("-") ? null : user, host, port, path));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      https://git.example.com/team-a/../team-b/x.git | has a '..' segment
      https://git.example.com/team-a/./x.git         | has a '.' segment
      https://git.example.com/team-a//x.git          | empty segment
      https://git.example.com/team-a/%2e%2e/b        | percent-encoding
      https://git.example.com/team-a%2fb             | percent-encoding
      https://git.example.com\\team-a                | backslash
      https://git.example.com/team a                 | whitespace
      https://git.example.com                        | names no repository path
      https://git.example.com/                       | names no repository path
      ext::sh -c touch% /tmp/pwned                   | whitespace
      ftp://git.example.com/repo                     | scheme 'ftp' is not supported
      git+ssh://git.example.com/repo                 | scheme 'git+ssh' is not supported
      file://otherhost/srv/repo                      | absolute path
      repo                                           | relative path
      ./repo                                         | relative path
      ../other-tenant/repo                           | relative path
      https://git..example.com/repo                  | not a valid host name
      https://git.example.com:99999/repo             | port 99999 is out of range
      https://user:p@ss@git.example.com/x            | is not a host name
      -uhttps://evil/x                               | not a repository URL
      ''                                             | is empty
      """)
  void refused(String raw, String reason) {
    assertThatThrownBy(() -> RepoUrl.parse(raw))
        .isInstanceOf(RepoUrl.Invalid.class)
        .hasMessageContaining(reason);
  }

  @Test
  void controlCharactersAreRefused() {
    assertThatThrownBy(() -> RepoUrl.parse("https://git.example.com/a\u0000b"))
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> RepoUrl.parse("https://git.example.com/a\nb"))
        .hasMessageContaining("control character");
  }

  @Test
  void passwordsAreNeverQuoted() {
    assertThatThrownBy(() -> RepoUrl.parse("https://bot:s3cret@git.example.com"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
  }

  @ParameterizedTest(name = "{0} under {1}: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      https://git.example.com/team-a/x.git    | https://git.example.com          | true
      https://git.example.com/team-a/x.git    | https://git.example.com/team-a/  | true
      https://git.example.com/team-a/x.git    | https://git.example.com/team-a   | true
      https://git.example.com/team-a/x        | https://git.example.com/team-a/x.git | true
      https://git.example.com:443/team-a/x    | https://git.example.com          | true
      https://git.example.com.evil.tld/x      | https://git.example.com          | false
      http://git.example.com/team-a/x         | https://git.example.com          | false
      https://git.example.com:8443/team-a/x   | https://git.example.com          | false
      https://git.example.com/team-ab/x       | https://git.example.com/team-a   | false
      https://evil.tld/git.example.com/x      | https://git.example.com          | false
      git@git.example.com:team-a/x.git        | ssh://git@git.example.com/team-a | true
      git@git.example.com:team-a/x.git        | ssh://bot@git.example.com/team-a | false
      """)
  void prefixes(String url, String prefix, boolean under) {
    assertThat(RepoUrl.parse(url).isUnder(RepoUrl.prefix(prefix))).isEqualTo(under);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      https://127.0.0.1/repo              | loopback
      https://localhost/repo              | loopback
      https://[::1]/repo                  | loopback
      https://169.254.169.254/latest      | loopback, link-local or private
      https://10.1.2.3/repo               | private
      https://192.168.0.1/repo            | private
      https://172.16.5.5/repo             | private
      https://100.64.0.1/repo             | private
      https://0.0.0.0/repo                | private
      https://[fd00::1]/repo              | private
      https://[::ffff:127.0.0.1]/repo     | private
      http://git.example.com/repo         | scheme 'http' is not allowed here
      git://git.example.com/repo          | scheme 'git' is not allowed here
      file:///etc/repo                    | scheme 'file' is not allowed here
      /etc/repo                           | scheme 'file' is not allowed here
      """)
  void strictPolicyRefuses(String raw, String reason) {
    assertThatThrownBy(() -> RepoUrlPolicy.strict(null).admit(raw))
        .isInstanceOf(RepoUrl.Invalid.class)
        .hasMessageContaining(reason);
  }

  @Test
  void strictPolicyAdmitsPublicHostsAndUnresolvableNames() {
    RepoUrlPolicy strict = RepoUrlPolicy.strict(null);
    assertThat(strict.admit("https://1.1.1.1/org/repo").host()).isEqualTo("1.1.1.1");
    assertThat(strict.admit("git@git.example.invalid:org/repo").scheme()).isEqualTo("ssh");
  }

  @Test
  void allowedHostsByNameOrCidr() {
    var byName = new RepoUrlPolicy(Set.of("http"), List.of(), List.of("localhost"), null);
    assertThat(byName.admit("http://localhost:3000/repo").port()).isEqualTo(3000);
    assertThatThrownBy(() -> byName.admit("http://127.0.0.2/repo"))
        .hasMessageContaining("git.allowed-hosts");
    var byCidr = new RepoUrlPolicy(Set.of("https"), List.of(), List.of("10.0.0.0/8"), null);
    assertThat(byCidr.admit("https://10.9.8.7/repo").host()).isEqualTo("10.9.8.7");
    assertThatThrownBy(() -> byCidr.admit("https://192.168.1.1/repo"))
        .hasMessageContaining("git.allowed-hosts");
  }

  @Test
  void localPathsOnlyUnderAllowedFoldersAndNeverInTheDataDir(@TempDir Path work) throws Exception {
    Path repos = Files.createDirectories(work.resolve("repos/team-a"));
    Path data = Files.createDirectories(work.resolve("repos/data"));
    Path outside = Files.createDirectories(work.resolve("elsewhere"));
    Files.createSymbolicLink(repos.resolve("link"), outside);
    var policy = new RepoUrlPolicy(Set.of("file"), List.of(work.resolve("repos")), List.of(), data);
    assertThat(policy.admit("file://" + repos).path()).isEqualTo(repos.toString());
    assertThat(policy.admit(repos.toString()).local()).isTrue();
    assertThatThrownBy(() -> policy.admit("file://" + outside))
        .hasMessageContaining("git.allowed-local-paths");
    assertThatThrownBy(() -> policy.admit("file://" + repos.resolve("link")))
        .hasMessageContaining("git.allowed-local-paths");
    assertThatThrownBy(() -> policy.admit("file://" + data.resolve("abc.git")))
        .hasMessageContaining("git.data-dir");
    assertThatThrownBy(() -> policy.admit("/etc")).hasMessageContaining("git.allowed-local-paths");
  }
}
