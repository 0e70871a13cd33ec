package io.gitops.gateway.cluster;

import java.util.Map;

/** The type of an object as the API server knows it, read from a plain map. */
public record GroupVersionKind(String apiVersion, String kind) {
  public static GroupVersionKind of(Map<String, Object> object) {
    return new GroupVersionKind(
        String.valueOf(object.get("apiVersion")), String.valueOf(object.get("kind")));
  }

  @Override
  public String toString() {
    return apiVersion + "/" + kind;
  }
}
