package io.gitops.gateway.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.render.RenderException;
import io.gitops.gateway.render.RenderRequest;
import io.gitops.gateway.render.RenderResult;
import io.gitops.gateway.support.TestRepo;
import io.gitops.gateway.support.TestSources;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A commit re-renders only the apps whose inputs it changed, counted by real renders. */
class SourceRendersTest {
  static String cm(String name, String value) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "
        + name
        + "}\ndata: {v: \""
        + value
        + "\"}\n";
  }

  @TempDir Path work;
  Vertx vertx;
  WorkerExecutor pool;
  TestRepo repo;
  GitSources git;
  final AtomicInteger renders = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    pool = vertx.createSharedWorkerExecutor("git-test", 2);
    repo = TestRepo.create(work.resolve("repo"));
    git =
        new GitSources(
            pool,
            work.resolve("mirrors"),
            TestSources.options(work)
                .withListener(
                    new SourceListener() {
                      @Override
                      public void rendered(String sourceType, java.time.Duration took) {
                        renders.incrementAndGet();
                      }
                    }));
  }

  @AfterEach
  void tearDown() throws Exception {
    git.close();
    repo.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  RenderResult render(String path) throws Exception {
    git.fetch(repo.url()).await(30, TimeUnit.SECONDS);
    Snapshot s = git.snapshot(repo.url(), "main").await(30, TimeUnit.SECONDS);
    return git.renders().render(s, RenderRequest.of(path));
  }

  @Test
  void aCommitToOneAppLeavesTheOthersCached() throws Exception {
    repo.commit("one", Map.of("apps/a/cm.yaml", cm("a", "1"), "apps/b/cm.yaml", cm("b", "1")));
    render("apps/a");
    render("apps/b");
    assertThat(renders).hasValue(2);

    repo.commit("two", Map.of("apps/a/cm.yaml", cm("a", "2")));
    assertThat(
            git.renders()
                .affected(repo.url(), RenderRequest.of("apps/a"), Set.of("apps/a/cm.yaml")))
        .isTrue();
    assertThat(
            git.renders()
                .affected(repo.url(), RenderRequest.of("apps/b"), Set.of("apps/a/cm.yaml")))
        .isFalse();
    RenderResult b = render("apps/b");
    RenderResult a = render("apps/a");

    assertThat(renders).as("only apps/a rendered again").hasValue(3);
    assertThat(a.objects().get(0))
        .extracting(o -> ((Map<?, ?>) o.get("data")).get("v"))
        .isEqualTo("2");
    assertThat(b.objects().get(0))
        .extracting(o -> ((Map<?, ?>) o.get("data")).get("v"))
        .isEqualTo("1");
  }

  @Test
  void aBrokenAppIsNotRenderedAgainUntilItsInputsChange() throws Exception {
    repo.commit("broken", Map.of("apps/bad/cm.yaml", "kind: [unclosed"));
    for (int i = 0; i < 3; i++) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> render("apps/bad"))
          .isInstanceOf(RenderException.class);
    }
    assertThat(renders).as("same inputs, same error").hasValue(1);
    repo.commit("fixed", Map.of("apps/bad/cm.yaml", cm("bad", "1")));
    assertThat(render("apps/bad").objects()).hasSize(1);
    assertThat(renders).hasValue(2);
  }

  @Test
  void aNewFileInADirectoryAppRendersItAgain() throws Exception {
    repo.commit("one", Map.of("apps/a/cm.yaml", cm("a", "1")));
    render("apps/a");
    repo.commit("two", Map.of("apps/a/more.yaml", cm("a2", "1")));
    assertThat(
            git.renders()
                .affected(repo.url(), RenderRequest.of("apps/a"), Set.of("apps/a/more.yaml")))
        .isTrue();
    assertThat(render("apps/a").objects()).hasSize(2);
    assertThat(renders).hasValue(2);
  }

  @Test
  void aChangedKustomizeBaseOutsideTheAppPathRendersTheOverlayAgain() throws Exception {
    repo.commit(
        "one",
        Map.of(
            "base/kustomization.yaml", "resources: [cm.yaml]\n",
            "base/cm.yaml", cm("settings", "1"),
            "overlays/prod/kustomization.yaml", "resources: [../../base]\nnamePrefix: prod-\n",
            "docs/README.md", "hello"));
    render("overlays/prod");

    repo.commit("docs", Map.of("docs/README.md", "changed"));
    assertThat(
            git.renders()
                .affected(repo.url(), RenderRequest.of("overlays/prod"), Set.of("docs/README.md")))
        .isFalse();
    render("overlays/prod");
    assertThat(renders).as("docs do not touch the overlay").hasValue(1);

    repo.commit("base", Map.of("base/cm.yaml", cm("settings", "2")));
    assertThat(
            git.renders()
                .affected(repo.url(), RenderRequest.of("overlays/prod"), List.of("base/cm.yaml")))
        .isTrue();
    RenderResult r = render("overlays/prod");
    assertThat(renders).hasValue(2);
    assertThat(r.objects().get(0))
        .extracting(o -> ((Map<?, ?>) o.get("data")).get("v"))
        .isEqualTo("2");
  }
}
