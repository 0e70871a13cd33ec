package io.gitops.gateway.render;

import java.util.List;

final class KustomizeSource {
  private final RenderContext ctx;

  KustomizeSource(RenderContext ctx) {
    this.ctx = ctx;
  }

  List<SourcedObject> render(String path) throws RenderException {
    throw new RenderException("Kustomize rendering is not available yet");
  }
}
