package io.gitops.gateway.render;

/**
 * A render cache key. {@code inputsHash} is a hash of what the render read at the commit (not the
 * commit itself), so a commit that leaves an app's inputs unchanged hits the cache.
 */
public record RenderKey(String repo, String inputsHash, String path, RenderRequest request) {}
