package io.gitops.gateway.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderCacheTest {
  private static final RenderResult RESULT =
      new RenderResult(SourceType.DIRECTORY, List.of(Map.of("kind", "ConfigMap")));

  @Test
  void sameRepoCommitPathAndRequestHit() {
    RenderCache cache = new RenderCache(10);
    cache.put(new RenderKey("repo", "abc", "app", RenderRequest.of("app")), RESULT);

    assertThat(cache.get(new RenderKey("repo", "abc", "app", RenderRequest.of("app"))))
        .contains(RESULT);
    assertThat(cache.get(new RenderKey("repo", "def", "app", RenderRequest.of("app")))).isEmpty();
    HelmOptions otherValues = new HelmOptions("r", null, List.of(), Map.of("a", 1), Map.of());
    assertThat(
            cache.get(
                new RenderKey(
                    "repo", "abc", "app", new RenderRequest("app", null, null, otherValues))))
        .isEmpty();
  }

  @Test
  void evictsLeastRecentlyUsed() {
    RenderCache cache = new RenderCache(2);
    RenderKey a = new RenderKey("r", "1", "a", RenderRequest.of("a"));
    RenderKey b = new RenderKey("r", "1", "b", RenderRequest.of("b"));
    RenderKey c = new RenderKey("r", "1", "c", RenderRequest.of("c"));
    cache.put(a, RESULT);
    cache.put(b, RESULT);
    cache.get(a);
    cache.put(c, RESULT);

    assertThat(cache.get(a)).isPresent();
    assertThat(cache.get(b)).isEmpty();
    assertThat(cache.get(c)).isPresent();
  }

  @Test
  void cachedObjectsCannotBeChangedByOneReader() {
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) RESULT.objects().get(0);
    assertThatThrownBy(() -> metadata.put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
