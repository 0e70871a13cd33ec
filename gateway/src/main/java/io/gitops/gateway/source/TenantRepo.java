package io.gitops.gateway.source;

import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.TenantId;

/**
 * A repository as one tenant uses it. Credentials are looked up for this tenant only, so two
 * tenants naming the same URL fetch with their own credential, or with none. {@code tenant} null
 * means no tenant: fetched without any credential.
 */
public record TenantRepo(TenantId tenant, String url) {
  public static TenantRepo of(AppSpec spec) {
    return new TenantRepo(spec.id().tenant(), spec.source().repoUrl());
  }

  /** A repository read without any tenant's credential (public repositories, tools, tests). */
  public static TenantRepo anonymous(String url) {
    return new TenantRepo(null, url);
  }
}
