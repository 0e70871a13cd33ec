package io.gitops.gateway.model;

import java.util.Objects;

public record ClusterId(String value) {
  public ClusterId {
    Objects.requireNonNull(value, "cluster");
    if (value.isBlank()) {
      throw new IllegalArgumentException("cluster name is empty");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
