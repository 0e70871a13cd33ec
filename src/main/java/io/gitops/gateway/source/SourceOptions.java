package io.gitops.gateway.source;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How {@link GitSources} polls, reports and authenticates; which URLs it may fetch ({@code urls})
 * and what one fetch may cost ({@code limits}).
 */
public record SourceOptions(Duration pollInterval, SourceListener listener, CredentialLookup credentials,
    RandomGenerator random, RepoUrlPolicy urls, FetchLimits limits) {

  /** Production's defaults: https and ssh to public hosts, bounded fetches. */
  public static SourceOptions defaults() {
    return new SourceOptions(Duration.ofSeconds(60), SourceListener.NONE, CredentialLookup.NONE, new java.util.Random(),
        RepoUrlPolicy.strict(null), FetchLimits.defaults());
  }

  public SourceOptions withListener(SourceListener l) {
    return new SourceOptions(pollInterval, l, credentials, random, urls, limits);
  }

  public SourceOptions withCredentials(CredentialLookup c) {
    return new SourceOptions(pollInterval, listener, c, random, urls, limits);
  }

  public SourceOptions withPollInterval(Duration d) {
    return new SourceOptions(d, listener, credentials, random, urls, limits);
  }

  public SourceOptions withUrls(RepoUrlPolicy u) {
    return new SourceOptions(pollInterval, listener, credentials, random, u, limits);
  }

  public SourceOptions withLimits(FetchLimits l) {
    return new SourceOptions(pollInterval, listener, credentials, random, urls, l);
  }
}
