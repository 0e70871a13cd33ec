package io.gitops.gateway.render;

import java.util.List;

final class HelmSource {
  private HelmSource() {}

  static List<SourcedObject> render(RenderContext ctx, String path, HelmOptions options) throws RenderException {
    throw new RenderException("Helm rendering is not available yet");
  }
}
