package io.gitops.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHttpServerTest {
  @TempDir Path work;

  @Test
  void clonesWithBasicAuth() throws Exception {
    try (TestRepo repo = TestRepo.create(work.resolve("r"))) {
      String c = repo.commit("one", Map.of("a", "b"));
      try (GitHttpServer s = GitHttpServer.serve(work.resolve("r"), "bot", "tok");
          Git g =
              Git.cloneRepository()
                  .setURI(s.url())
                  .setBare(true)
                  .setDirectory(work.resolve("c").toFile())
                  .setCredentialsProvider(new UsernamePasswordCredentialsProvider("bot", "tok"))
                  .setTimeout(10)
                  .call()) {
        assertThat(g.getRepository().resolve("refs/heads/main").name()).isEqualTo(c);
      }
    }
  }
}
