package io.gitops.gateway.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops.gateway.support.TestRepo;
import io.gitops.gateway.support.TestSources;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bare mirrors of real repositories on disk (file://): targets, shared fetches, failures, changed
 * paths.
 */
class GitSourcesTest {
  @TempDir Path work;
  Vertx vertx;
  WorkerExecutor pool;
  TestRepo repo;
  GitSources git;
  final AtomicInteger fetches = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    pool = vertx.createSharedWorkerExecutor("git-test", 4);
    repo = TestRepo.create(work.resolve("repo"));
    git =
        new GitSources(
            pool,
            work.resolve("mirrors"),
            TestSources.options(work)
                .withListener(
                    new SourceListener() {
                      @Override
                      public void fetched(String result, java.time.Duration took) {
                        fetches.incrementAndGet();
                      }
                    }));
  }

  @AfterEach
  void tearDown() throws Exception {
    git.close();
    repo.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.await(30, TimeUnit.SECONDS);
  }

  @Test
  void resolvesBranchTagAndCommit() throws Exception {
    String first = repo.commit("one", Map.of("a/cm.yaml", "v1"));
    try (Git g = Git.open(work.resolve("repo").toFile())) {
      g.tag()
          .setName("v1.0")
          .setObjectId(g.getRepository().parseCommit(g.getRepository().resolve(first)))
          .call();
    }
    String second = repo.commit("two", Map.of("a/cm.yaml", "v2"));

    assertThat(await(git.snapshot(repo.url(), "main")).revision().commit()).isEqualTo(second);
    assertThat(await(git.snapshot(repo.url(), "v1.0")).revision().commit()).isEqualTo(first);
    assertThat(await(git.snapshot(repo.url(), first)).revision().commit()).isEqualTo(first);
    assertThat(await(git.snapshot(repo.url(), first)).files().read("a/cm.yaml"))
        .hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("v1"));
    assertThatThrownBy(() -> await(git.snapshot(repo.url(), "no-such-branch")))
        .hasMessageContaining("'no-such-branch' not found");
  }

  @Test
  void aBurstOfFetchesCostsAtMostTwoAndTheLaterOnesSeeACommitMadeMeanwhile() throws Exception {
    repo.commit("one", Map.of("a/cm.yaml", "v1"));
    Future<Void> poll = git.fetch(repo.url());
    String pushed = repo.commit("two", Map.of("a/cm.yaml", "v2"));
    List<Future<Void>> afterPush =
        List.of(git.fetch(repo.url()), git.fetch(repo.url()), git.fetch(repo.url()));
    await(poll);
    await(Future.all(afterPush));
    // Three requests made while (or just after) the poll ran share fetches: never one fetch each.
    assertThat(fetches.get()).as("four requests, fewer fetches").isLessThanOrEqualTo(3);
    assertThat(await(git.snapshot(repo.url(), "main")).revision().commit()).isEqualTo(pushed);
  }

  @Test
  void unreachableRepositoryKeepsLastGoodRevisionAndSaysWhy() throws Exception {
    String good = repo.commit("one", Map.of("a/cm.yaml", "v1"));
    await(git.fetch(repo.url()));
    TestRepo.deleteFolder(work.resolve("repo"));

    assertThatThrownBy(() -> await(git.fetch(repo.url()))).isNotNull();
    assertThat(await(git.snapshot(repo.url(), "main")).revision().commit()).isEqualTo(good);
    assertThat(git.problem(repo.url(), "main"))
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .contains("cannot fetch", "failed 1 times", "keeping the last good revision"));
    assertThat(git.problem(TenantRepo.anonymous(repo.url()), "main"))
        .hasValueSatisfying(p -> assertThat(p).contains("cannot fetch " + repo.url()));
    assertThat(git.dueForPoll(java.util.List.of(TenantRepo.anonymous(repo.url()))))
        .as("backing off, not due at once")
        .isEmpty();
  }

  @Test
  void deletedBranchKeepsItsLastCommit() throws Exception {
    repo.commit("one", Map.of("a/cm.yaml", "v1"));
    String featureCommit;
    try (Git g = Git.open(work.resolve("repo").toFile())) {
      g.branchCreate().setName("feature").call();
      featureCommit = g.getRepository().resolve("feature").name();
    }
    assertThat(await(git.snapshot(repo.url(), "feature")).revision().commit())
        .isEqualTo(featureCommit);
    try (Git g = Git.open(work.resolve("repo").toFile())) {
      g.branchDelete().setBranchNames("feature").setForce(true).call();
    }
    await(git.fetch(repo.url()));

    assertThat(await(git.snapshot(repo.url(), "feature")).revision().commit())
        .isEqualTo(featureCommit);
    assertThat(git.problem(repo.url(), "feature"))
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .contains(
                        "'feature' is gone",
                        "keeping last good revision " + featureCommit.substring(0, 7)));
  }

  @Test
  void changesListOnlyThePathsBetweenTwoCommits() throws Exception {
    String first =
        repo.commit(
            "one", Map.of("apps/a/cm.yaml", "a1", "apps/b/cm.yaml", "b1", "apps/c/cm.yaml", "c1"));
    await(git.fetch(repo.url()));
    Map<String, String> edits =
        new java.util.HashMap<>(Map.of("apps/a/cm.yaml", "a2", "apps/d/cm.yaml", "d1"));
    edits.put("apps/c/cm.yaml", null); // deleted
    String second = repo.commit("two", edits);
    await(git.fetch(repo.url()));

    var from = new GitSources.Point("main", first);
    var current = new GitSources.Point("main", second);
    var unknown = new GitSources.Point("main", null);
    var changes = await(git.changes(repo.url(), Set.of(from, current, unknown), Optional.empty()));

    assertThat(changes.get(from).to().commit()).isEqualTo(second);
    assertThat(changes.get(from).changedPaths())
        .contains(Set.of("apps/a/cm.yaml", "apps/c/cm.yaml", "apps/d/cm.yaml"));
    assertThat(changes.get(current).changedPaths()).contains(Set.of());
    assertThat(changes.get(unknown).changedPaths()).isEmpty();
    var hinted =
        await(
            git.changes(
                repo.url(),
                Set.of(from),
                Optional.of(new PushHint(first, second, Set.of("apps/a/cm.yaml")))));
    assertThat(hinted.get(from).changedPaths())
        .as("a complete push payload is trusted")
        .contains(Set.of("apps/a/cm.yaml"));
  }
}
