package io.gitops.gateway.source;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** How {@link GitSources} polls, reports and authenticates. */
public record SourceOptions(Duration pollInterval, SourceListener listener, CredentialLookup credentials,
    RandomGenerator random) {

  public static SourceOptions defaults() {
    return new SourceOptions(Duration.ofSeconds(60), SourceListener.NONE, CredentialLookup.NONE, new java.util.Random());
  }

  public SourceOptions withListener(SourceListener l) {
    return new SourceOptions(pollInterval, l, credentials, random);
  }

  public SourceOptions withCredentials(CredentialLookup c) {
    return new SourceOptions(pollInterval, listener, c, random);
  }

  public SourceOptions withPollInterval(Duration d) {
    return new SourceOptions(d, listener, credentials, random);
  }
}
