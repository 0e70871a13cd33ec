package io.gitops.gateway.tenancy;

import java.util.Locale;

/** Tenant roles, each including the ones before it. */
public enum Role {
  VIEWER,
  DEPLOYER,
  ADMIN;

  public boolean includes(Role other) {
    return ordinal() >= other.ordinal();
  }

  public static Role parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown role '" + value + "' (viewer, deployer, admin)");
    }
  }
}
