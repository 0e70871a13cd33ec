package io.gitops.gateway.api;

import io.gitops.gateway.auth.ApiTokens;
import io.gitops.gateway.store.TokenStore;
import io.gitops.gateway.tenancy.TenantRegistry;

/** What the tenancy routes (API tokens, tenant administration) need besides the shared parts. */
public record TenancyApi(ApiTokens tokens, TokenStore tokenStore, TenantRegistry registry) {}
