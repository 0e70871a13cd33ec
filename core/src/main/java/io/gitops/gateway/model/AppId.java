package io.gitops.gateway.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** An application is named within its tenant; two tenants may both have an app called "web". */
public record AppId(TenantId tenant, String name) {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public AppId {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "app");
    if (!DNS_LABEL.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "app '" + name + "' is not a DNS label (a-z, 0-9, '-', at most 63)");
    }
  }

  public static AppId of(String tenant, String name) {
    return new AppId(new TenantId(tenant), name);
  }

  /** The value of the tracking label on every object this app applies. */
  public String trackingValue() {
    return tenant.value() + "." + name;
  }

  @Override
  public String toString() {
    return tenant.value() + "/" + name;
  }
}
