package io.gitops.gateway.render;

/** Identifies a render: the same repository, commit, path and request always give the same objects. */
public record RenderKey(String repo, String commit, String path, RenderRequest request) {}
