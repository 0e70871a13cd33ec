package io.gitops.gateway.source;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** How {@link GitSources} polls, reports and authenticates. */
public record SourceOptions(Duration pollInterval, SourceListener listener, CredentialLookup credentials,
    RandomGenerator random, io.gitops.gateway.render.Renderer renderer) {

  public SourceOptions(Duration pollInterval, SourceListener listener, CredentialLookup credentials,
      RandomGenerator random) {
    this(pollInterval, listener, credentials, random, new io.gitops.gateway.render.Renderer());
  }

  public static SourceOptions defaults() {
    return new SourceOptions(Duration.ofSeconds(60), SourceListener.NONE, CredentialLookup.NONE, new java.util.Random());
  }

  /** The renderer of every app (the gateway's runs Helm in worker processes and has a deadline). */
  public SourceOptions withRenderer(io.gitops.gateway.render.Renderer r) {
    return new SourceOptions(pollInterval, listener, credentials, random, r);
  }

  public SourceOptions withListener(SourceListener l) {
    return new SourceOptions(pollInterval, l, credentials, random, renderer);
  }

  public SourceOptions withCredentials(CredentialLookup c) {
    return new SourceOptions(pollInterval, listener, c, random, renderer);
  }

  public SourceOptions withPollInterval(Duration d) {
    return new SourceOptions(d, listener, credentials, random, renderer);
  }
}
