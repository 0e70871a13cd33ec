package io.gitops.gateway.config;

/** How to reach one cluster. Tokens are secrets: toString never shows them. */
public sealed interface ClusterConfig {
  String name();

  /** A context of a kubeconfig file ({@code path == null}: the default kubeconfig). */
  record Kubeconfig(String name, String path, String context) implements ClusterConfig {}

  /**
   * A kubeconfig given as text (registered through the API); it holds secrets, so toString hides
   * it.
   */
  record InlineKubeconfig(String name, String content, String context) implements ClusterConfig {
    @Override
    public String toString() {
      return "InlineKubeconfig[name=" + name + ", context=" + context + ", content=***]";
    }
  }

  /** The service account of the pod the gateway runs in. */
  record InCluster(String name) implements ClusterConfig {}

  /** A server URL with a bearer token and a CA (PEM data), as registered through the API. */
  record Direct(
      String name, String server, String token, String caData, boolean insecureSkipTlsVerify)
      implements ClusterConfig {
    @Override
    public String toString() {
      return "Direct[name="
          + name
          + ", server="
          + server
          + ", token="
          + (token == null ? "none" : "***")
          + "]";
    }
  }
}
