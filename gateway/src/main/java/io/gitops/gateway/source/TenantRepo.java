package io.gitops.gateway.source;

import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.TenantId;

/**
 * A repository as one tenant uses it. Credentials are looked up for this tenant only, so two
 * tenants naming the same URL fetch with their own credential, or with none. {@code tenant} null
 * means no tenant: fetched without any credential. {@code chart} non-null makes it a Helm chart
 * repository or an OCI registry (see {@link HelmCharts}) rather than Git.
 */
public record TenantRepo(TenantId tenant, String url, String chart) {
  public TenantRepo(TenantId tenant, String url) {
    this(tenant, url, null);
  }

  public static TenantRepo of(AppSpec spec) {
    return of(spec.id().tenant(), spec.source());
  }

  public static TenantRepo of(TenantId tenant, AppSpec.Source source) {
    return new TenantRepo(tenant, source.repoUrl(), source.chart());
  }

  /** A repository read without any tenant's credential (public repositories, tools, tests). */
  public static TenantRepo anonymous(String url) {
    return new TenantRepo(null, url);
  }
}
