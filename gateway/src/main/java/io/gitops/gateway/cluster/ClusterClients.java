package io.gitops.gateway.cluster;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.gitops.gateway.config.ClusterConfig;
import io.gitops.gateway.config.ConfigException;
import io.vertx.core.Vertx;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds one fabric8 client per cluster, all sharing the gateway's Vertx (no second event loop
 * group).
 */
final class ClusterClients {
  private ClusterClients() {}

  static KubernetesClient create(Vertx vertx, ClusterConfig cluster, String key) {
    Config config;
    if (cluster instanceof ClusterConfig.Kubeconfig k) {
      config = fromKubeconfig(k, key);
    } else if (cluster instanceof ClusterConfig.InlineKubeconfig k) {
      config = fromInline(k, key);
    } else if (cluster instanceof ClusterConfig.Direct d) {
      config =
          new ConfigBuilder(Config.empty())
              .withMasterUrl(d.server())
              .withOauthToken(d.token())
              .withCaCertData(d.caData())
              .withTrustCerts(d.insecureSkipTlsVerify())
              .withDisableHostnameVerification(d.insecureSkipTlsVerify())
              .build();
    } else {
      config = Config.autoConfigure(null); // in-cluster service account
    }
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new Vertx5HttpClientFactory(vertx))
        .build();
  }

  private static Config fromInline(ClusterConfig.InlineKubeconfig k, String key) {
    // Again here for clusters stored before the API refused such kubeconfigs: none of them may run
    // or read anything.
    InlineCredentials.check(k.content(), key + ".kubeconfig");
    try {
      var parsed = KubeConfigUtils.parseConfigFromString(k.content());
      boolean known =
          parsed.getContexts() != null
              && parsed.getContexts().stream()
                  .map(NamedContext::getName)
                  .anyMatch(k.context()::equals);
      if (!known) {
        throw new ConfigException(
            key + ".context", "context '" + k.context() + "' not found in the kubeconfig");
      }
      return Config.fromKubeconfig(k.context(), k.content(), null);
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      throw new ConfigException(
          key + ".kubeconfig", "invalid kubeconfig: " + e.getClass().getSimpleName());
    }
  }

  private static Config fromKubeconfig(ClusterConfig.Kubeconfig k, String key) {
    Path file =
        k.path() != null
            ? Path.of(k.path())
            : Path.of(
                System.getenv()
                    .getOrDefault("KUBECONFIG", System.getProperty("user.home") + "/.kube/config"));
    if (!Files.isReadable(file)) {
      throw new ConfigException(key + ".kubeconfig", "cannot read kubeconfig " + file);
    }
    try {
      var parsed = KubeConfigUtils.parseConfig(file.toFile());
      boolean known =
          parsed.getContexts() != null
              && parsed.getContexts().stream()
                  .map(NamedContext::getName)
                  .anyMatch(k.context()::equals);
      if (!known) {
        throw new ConfigException(
            key + ".context", "context '" + k.context() + "' not found in " + file);
      }
      return Config.fromKubeconfig(k.context(), new File(file.toString()));
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      throw new ConfigException(
          key + ".kubeconfig", "invalid kubeconfig " + file + ": " + e.getMessage());
    }
  }
}
