package io.gitops.gateway.apiserver;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test method the shared {@link RealApiServer} (the one {@link BothClusters} starts), for
 * behaviour only the real server has; skips the test, naming what is missing, when the binaries are
 * not there.
 */
final class RealApiServerExtension implements BeforeEachCallback, ParameterResolver {
  @Override
  public void beforeEach(ExtensionContext context) {
    KubeBinaries.assumeAvailable();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RealApiServer.class;
  }

  @Override
  public RealApiServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return BothClusters.real(context).server().get();
  }
}
