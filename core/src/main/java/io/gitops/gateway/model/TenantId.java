package io.gitops.gateway.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** A tenant's name: a DNS label, because it ends up in Kubernetes labels and URLs. */
public record TenantId(String value) {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public TenantId {
    Objects.requireNonNull(value, "tenant");
    if (!DNS_LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "tenant '" + value + "' is not a DNS label (a-z, 0-9, '-', at most 63)");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
