/**
 * The GraphQL API: schema wiring and routes, fetchers (queries, mutations, sync), batched app
 * loaders, error mapping, input parsing, query limits (instrumentations) and the subscription
 * publisher. It calls the same {@code api.AppService} and {@code api.SyncActions} as REST.
 */
package io.gitops.gateway.api.graphql;
