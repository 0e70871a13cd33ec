package io.gitops.gateway.render;

import java.util.List;
import java.util.Map;

/**
 * The objects of one render, in a stable order (file order, then document order). The objects are
 * deeply unmodifiable because a cached result is shared by every reader: copy before changing.
 */
public record RenderResult(SourceType type, List<Map<String, Object>> objects) {
  public RenderResult {
    objects = FrozenObjects.freezeAll(objects);
  }
}
