package io.gitops.gateway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.model.TenantId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * sourceRepos globs compare parsed URLs per path segment; destinations and kinds keep their globs.
 */
class SourceReposGlobTest {

  @ParameterizedTest(name = "{0} admits {1}: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      https://git.example.com/team-a/*   | https://git.example.com/team-a/x.git                | true
      https://git.example.com/team-a/*   | https://git.example.com/team-a/x                    | true
      https://git.example.com/team-a/*   | https://GIT.example.com:443/team-a/x/               | true
      https://git.example.com/team-a/*   | https://git.example.com/team-a/../team-b/x.git      | false
      https://git.example.com/team-a/*   | https://git.example.com/team-a/%2e%2e/team-b/x.git  | false
      https://git.example.com/team-a/*   | https://git.example.com/team-a/x/../../team-b/y     | false
      https://git.example.com/team-a/*   | https://git.example.com/team-a/sub/x.git            | false
      https://git.example.com/team-a/*   | https://git.example.com/team-a//x.git               | false
      https://git.example.com/team-a/*   | https://git.example.com/team-ab/x.git               | false
      https://git.example.com/team-a/*   | https://git.example.com.evil.tld/team-a/x.git       | false
      https://git.example.com/team-a/*   | https://git.example.com:8443/team-a/x.git           | false
      https://git.example.com/team-a/*   | http://git.example.com/team-a/x.git                 | false
      https://git.example.com/team-a/*   | file:///srv/git.example.com/team-a/x                | false
      https://git.example.com/team-a/**  | https://git.example.com/team-a/sub/x.git            | true
      https://git.example.com/team-a/**  | https://git.example.com/team-b/x.git                | false
      https://*.example.com/team-a/*     | https://git.example.com/team-a/x                    | true
      https://*.example.com/team-a/*     | https://a.b.example.com/team-a/x                    | false
      https://git.example.com/team-a/app.git | https://git.example.com/team-a/app              | true
      git@github.com:org/*               | ssh://git@github.com/org/repo.git                   | true
      git@github.com:org/*               | git@github.com:other/repo.git                       | false
      http://127.0.0.1:*/**              | http://127.0.0.1:34567/private.git                  | true
      http://127.0.0.1:*                 | http://127.0.0.1:34567/private.git                  | false
      file:///srv/git/*                  | /srv/git/repo                                       | true
      file:///srv/git/*                  | /srv/git/../etc                                     | false
      *                                  | https://anything.example/x                          | true
      *                                  | https://git.example.com/a/../b                      | false
      """)
  void sourceRepos(String glob, String url, boolean admitted) {
    assertThat(tenant(glob).allowsSource(url)).isEqualTo(admitted);
  }

  @ParameterizedTest(name = "prefix {1} under {0}: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      https://git.example.com/team-a/*   | https://git.example.com/team-a/        | true
      https://git.example.com/team-a/*   | https://git.example.com/team-a/x.git   | true
      https://git.example.com/team-a/*   | https://git.example.com/               | true
      https://git.example.com/team-a/*   | https://git.example.com/team-b/        | false
      https://git.example.com/team-a/*   | https://git.example.com.evil.tld/      | false
      """)
  void credentialPrefixes(String glob, String prefix, boolean admitted) {
    assertThat(tenant(glob).allowsSourcePrefix(prefix)).isEqualTo(admitted);
  }

  @Test
  void destinationGlobsStillWork() {
    Tenant t =
        new Tenant(
            new TenantId("t"),
            "T",
            Map.of(),
            List.of("*"),
            List.of(
                new Tenant.Destination("prod-*", "team-a-*"),
                new Tenant.Destination("dev", "ns-?")));
    assertThat(t.allowsDestination("prod-eu", "team-a-web")).isTrue();
    assertThat(t.allowsDestination("dev", "ns-1")).isTrue();
    assertThat(t.allowsDestination("dev", "ns-12")).isFalse();
    assertThat(t.allowsDestination("staging", "team-a-web")).isFalse();
  }

  @Test
  void matchingIsLinearNotExponential() {
    String glob = "a*".repeat(30) + "b";
    String value = "a".repeat(5000);
    long started = System.nanoTime();
    assertThat(Tenant.Globs.matches(glob, value)).isFalse();
    String url = "https://h/" + "**/".repeat(20) + "z";
    assertThat(tenant(url).allowsSource("https://h/" + "a/".repeat(200) + "y")).isFalse();
    // a regex would take years here; the measured time goes to the report, not an assertion
    System.out.println(
        "pathological globs matched in " + (System.nanoTime() - started) / 1_000_000 + " ms");
  }

  private static Tenant tenant(String glob) {
    return new Tenant(new TenantId("t"), "T", Map.of(), List.of(glob), List.of());
  }
}
