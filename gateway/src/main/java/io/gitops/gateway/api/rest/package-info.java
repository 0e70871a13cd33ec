/**
 * The REST API: one routes class per area (apps, sync, tokens, tenants, repositories, clusters,
 * audit, webhooks), {@code Guard} (the one place a route asks {@code tenancy.Access}), problem
 * JSON, and OpenAPI request validation. Shared application services live in {@code api}.
 */
package io.gitops.gateway.api.rest;
