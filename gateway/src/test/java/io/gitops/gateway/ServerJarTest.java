package io.gitops.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The production artifact as built: target/gitops-gateway.jar holds the server and the pure core,
 * and nothing that only tests and the demo may use. Runs in the verify phase, after the jar is made
 * (its own surefire execution in gateway/pom.xml).
 */
class ServerJarTest {
  /** Folders whose presence would mean test or demo code ships to production. */
  static final List<String> NEVER_IN_PRODUCTION =
      List.of(
          "io/gitops/gateway/sim/", // simulated clusters
          "io/gitops/gateway/demo/", // demo mode and its development OIDC issuer
          "io/gitops/gateway/store/EmbeddedServer", // embedded PostgreSQL starter
          "io/fabric8/kubernetes/client/server/mock/", // fabric8's mock server
          "io/fabric8/mockwebserver/",
          "io/zonky/", // embedded PostgreSQL and its binaries
          "postgres-linux-");

  @Test
  void holdsTheServerAndNothingOnlyTestsOrTheDemoUse() throws Exception {
    Path jar = Path.of(System.getProperty("gitops.serverJar", "target/gitops-gateway.jar"));
    assertThat(Files.isRegularFile(jar))
        .as("%s is built by mvn package before this test runs", jar)
        .isTrue();
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> names = file.stream().map(ZipEntry::getName).toList();
      assertThat(names)
          .as("the server, the pure core and the migrations")
          .contains(
              "io/gitops/gateway/Main.class",
              "io/gitops/gateway/diff/Differ.class",
              "db/migration/");
      for (String forbidden : NEVER_IN_PRODUCTION) {
        assertThat(names).as("nothing under " + forbidden).noneMatch(n -> n.startsWith(forbidden));
      }
      assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo(Main.class.getName());
    }
  }
}
