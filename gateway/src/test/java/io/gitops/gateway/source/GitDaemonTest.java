package io.gitops.gateway.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops.gateway.support.GitDaemon;
import io.gitops.gateway.support.TestRepo;
import io.gitops.gateway.support.TestSources;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same mirror behaviour over the network: a real git daemon, then the daemon gone. */
class GitDaemonTest {
  @TempDir Path work;

  @Test
  void clonesFetchesAndDiffsOverGitProtocolAndKeepsTheLastGoodRevisionWhenTheServerIsGone()
      throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestRepo repo = TestRepo.create(work.resolve("served/shop"))) {
      String first = repo.commit("one", Map.of("apps/a/cm.yaml", "a1", "apps/b/cm.yaml", "b1"));
      GitSources git =
          new GitSources(
              vertx.createSharedWorkerExecutor("git-daemon-test", 2),
              work.resolve("mirrors"),
              TestSources.options(work));
      String url;
      try (GitDaemon daemon = GitDaemon.serve(work.resolve("served"))) {
        url = daemon.url("shop");
        assertThat(git.snapshot(url, "main").await(30, TimeUnit.SECONDS).revision().commit())
            .isEqualTo(first);

        String second = repo.commit("two", Map.of("apps/b/cm.yaml", "b2"));
        git.fetch(url).await(30, TimeUnit.SECONDS);
        var point = new GitSources.Point("main", first);
        var change =
            git.changes(url, Set.of(point), Optional.empty())
                .await(30, TimeUnit.SECONDS)
                .get(point);
        assertThat(change.to().commit()).isEqualTo(second);
        assertThat(change.changedPaths()).contains(Set.of("apps/b/cm.yaml"));
      }
      String last = git.snapshot(url, "main").await(30, TimeUnit.SECONDS).revision().commit();

      assertThatThrownBy(() -> git.fetch(url).await(30, TimeUnit.SECONDS)).isNotNull();
      assertThat(git.snapshot(url, "main").await(30, TimeUnit.SECONDS).revision().commit())
          .isEqualTo(last);
      assertThat(git.problem(url, "main"))
          .hasValueSatisfying(p -> assertThat(p).contains("cannot fetch " + url));
      git.close();
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
