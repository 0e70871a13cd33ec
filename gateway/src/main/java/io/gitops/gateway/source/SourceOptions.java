package io.gitops.gateway.source;

import io.gitops.gateway.render.Renderer;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How {@link GitSources} polls, reports and authenticates; which URLs it may fetch ({@code urls})
 * and what one fetch may cost ({@code limits}); whether the tenant may still use it ({@code
 * sourceRepos}).
 */
public record SourceOptions(
    Duration pollInterval,
    SourceListener listener,
    CredentialLookup credentials,
    RandomGenerator random,
    RepoUrlPolicy urls,
    FetchLimits limits,
    SourceRepos sourceRepos,
    Renderer renderer) {

  /** Production's defaults: https and ssh to public hosts, bounded fetches. */
  public static SourceOptions defaults() {
    return new SourceOptions(
        Duration.ofSeconds(60),
        SourceListener.NONE,
        CredentialLookup.NONE,
        new java.util.Random(),
        RepoUrlPolicy.strict(null),
        FetchLimits.defaults(),
        SourceRepos.ANY,
        new Renderer());
  }

  /** The renderer of every app (the gateway's runs Helm in worker processes and has a deadline). */
  public SourceOptions withRenderer(Renderer r) {
    return new SourceOptions(
        pollInterval, listener, credentials, random, urls, limits, sourceRepos, r);
  }

  public SourceOptions withListener(SourceListener l) {
    return new SourceOptions(
        pollInterval, l, credentials, random, urls, limits, sourceRepos, renderer);
  }

  public SourceOptions withCredentials(CredentialLookup c) {
    return new SourceOptions(
        pollInterval, listener, c, random, urls, limits, sourceRepos, renderer);
  }

  public SourceOptions withPollInterval(Duration d) {
    return new SourceOptions(d, listener, credentials, random, urls, limits, sourceRepos, renderer);
  }

  public SourceOptions withUrls(RepoUrlPolicy u) {
    return new SourceOptions(
        pollInterval, listener, credentials, random, u, limits, sourceRepos, renderer);
  }

  public SourceOptions withLimits(FetchLimits l) {
    return new SourceOptions(
        pollInterval, listener, credentials, random, urls, l, sourceRepos, renderer);
  }

  public SourceOptions withSourceRepos(SourceRepos s) {
    return new SourceOptions(
        pollInterval, listener, credentials, random, urls, limits, s, renderer);
  }
}
