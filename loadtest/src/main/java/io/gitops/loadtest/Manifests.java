package io.gitops.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An app's files at a version: a Deployment, a Service and a ConfigMap (more objects: more
 * ConfigMaps). The version is in the ConfigMap's data and the Deployment's image tag, so a new
 * version changes two objects and rolls the Deployment, as an image bump does.
 */
public final class Manifests {
  private Manifests() {}

  public static Map<String, String> files(Layout layout, int i, int version) {
    String name = layout.name(i);
    Map<String, String> files = new LinkedHashMap<>();
    files.put(layout.path(i) + "/deployment.yaml", deployment(name, version));
    files.put(layout.path(i) + "/service.yaml", service(name));
    files.put(layout.path(i) + "/config.yaml", configMap(name + "-config", version));
    for (int k = 3; k < layout.o().objects(); k++) {
      files.put(layout.path(i) + "/extra-" + k + ".yaml", configMap(name + "-extra-" + k, 0));
    }
    return files;
  }

  /** The files a new version rewrites. */
  public static Map<String, String> bumped(Layout layout, int i, int version) {
    String name = layout.name(i);
    return Map.of(
        layout.path(i) + "/deployment.yaml", deployment(name, version),
        layout.path(i) + "/config.yaml", configMap(name + "-config", version));
  }

  /** The ConfigMap's value the drift scenario edits and waits to see restored. */
  public static String versionValue(int version) {
    return "v" + version;
  }

  static String deployment(String name, int version) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
        spec:
          replicas: 1
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec:
              containers: [{name: web, image: "registry.example.com/web:%d", ports: [{containerPort: 8080}]}]
        """
        .formatted(name, name, name, version);
  }

  static String service(String name) {
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: %s
        spec:
          selector: {app: %s}
          ports: [{port: 80, targetPort: 8080}]
        """
        .formatted(name, name);
  }

  static String configMap(String name, int version) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
        data:
          version: "%s"
          greeting: hello
        """
        .formatted(name, versionValue(version));
  }
}
