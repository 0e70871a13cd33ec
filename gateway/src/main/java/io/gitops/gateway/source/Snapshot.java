package io.gitops.gateway.source;

import io.gitops.gateway.model.Revision;
import io.gitops.gateway.render.RepoFiles;

/** One repository at one resolved commit: what a render reads from. */
public record Snapshot(String repoUrl, Revision revision, RepoFiles files) {}
