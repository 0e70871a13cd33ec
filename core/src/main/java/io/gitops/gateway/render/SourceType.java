package io.gitops.gateway.render;

/** How an app's path is turned into objects. */
public enum SourceType {
  DIRECTORY,
  HELM,
  KUSTOMIZE
}
