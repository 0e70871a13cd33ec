package io.gitops.gateway.apiserver;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The YAML objects under src/test/resources/apiserver, and the two ways the tests write them. */
final class Fixtures {
  /** The gateway's field manager. */
  static final String GATEWAY = "gitops-gateway";

  private Fixtures() {}

  /** A fresh copy of a fixture, placed in {@code namespace} (null for cluster-scoped kinds). */
  static GenericKubernetesResource load(String file, String namespace) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/apiserver/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture apiserver/" + file);
      }
      GenericKubernetesResource object =
          Serialization.unmarshal(in, GenericKubernetesResource.class);
      object.getMetadata().setNamespace(namespace);
      return object;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Server-side apply as the gateway does it: its own field manager, taking over conflicting
   * fields.
   */
  static GenericKubernetesResource applyAsGateway(
      KubernetesClient client, GenericKubernetesResource object) {
    return client.resource(object).fieldManager(GATEWAY).forceConflicts().serverSideApply();
  }

  /** Server-side apply as any manager, without force: a conflict is a 409. */
  static GenericKubernetesResource apply(
      KubernetesClient client, String manager, GenericKubernetesResource object) {
    return client.resource(object).fieldManager(manager).serverSideApply();
  }

  /** The map at {@code path} (e.g. "spec", "template", "spec"), for editing a fixture in place. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(GenericKubernetesResource object, String... path) {
    Map<String, Object> m = object.getAdditionalProperties();
    for (String p : path) {
      m = (Map<String, Object>) m.get(p);
    }
    return m;
  }
}
