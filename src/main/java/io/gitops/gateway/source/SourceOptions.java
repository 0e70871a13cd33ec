package io.gitops.gateway.source;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How {@link GitSources} polls, reports and authenticates; which URLs it may fetch ({@code urls})
 * and what one fetch may cost ({@code limits}); whether the tenant may still use it ({@code sourceRepos}).
 */
public record SourceOptions(Duration pollInterval, SourceListener listener, CredentialLookup credentials,
    RandomGenerator random, RepoUrlPolicy urls, FetchLimits limits, SourceRepos sourceRepos) {

  /** Production's defaults: https and ssh to public hosts, bounded fetches. */
  public static SourceOptions defaults() {
    return new SourceOptions(Duration.ofSeconds(60), SourceListener.NONE, CredentialLookup.NONE, new java.util.Random(),
        RepoUrlPolicy.strict(null), FetchLimits.defaults(), SourceRepos.ANY);
  }

  public SourceOptions withListener(SourceListener l) {
    return new SourceOptions(pollInterval, l, credentials, random, urls, limits, sourceRepos);
  }

  public SourceOptions withCredentials(CredentialLookup c) {
    return new SourceOptions(pollInterval, listener, c, random, urls, limits, sourceRepos);
  }

  public SourceOptions withPollInterval(Duration d) {
    return new SourceOptions(d, listener, credentials, random, urls, limits, sourceRepos);
  }

  public SourceOptions withUrls(RepoUrlPolicy u) {
    return new SourceOptions(pollInterval, listener, credentials, random, u, limits, sourceRepos);
  }

  public SourceOptions withLimits(FetchLimits l) {
    return new SourceOptions(pollInterval, listener, credentials, random, urls, l, sourceRepos);
  }

  public SourceOptions withSourceRepos(SourceRepos s) {
    return new SourceOptions(pollInterval, listener, credentials, random, urls, limits, s);
  }
}
