package io.gitops.gateway.source;

import io.gitops.gateway.model.TenantId;

/**
 * Which mirror serves a tenant's repository: the tenant's own when it fetches with its own
 * credential, else the shared one fetched without any credential. So one fetch serves every app of
 * a public repository, and no app ever reads what another tenant's credential fetched. {@code
 * tenant} null is the shared, credential-less mirror.
 */
record MirrorKey(TenantId tenant, String url) {
  static MirrorKey shared(String url) {
    return new MirrorKey(null, url);
  }

  /** The text hashed into the mirror's folder name (the shared one keeps the plain URL). */
  String identity() {
    return tenant == null ? url : "tenant:" + tenant.value() + "\n" + url;
  }

  @Override
  public String toString() {
    return (tenant == null ? "" : tenant.value() + ":") + RepoUrls.redact(url);
  }
}
