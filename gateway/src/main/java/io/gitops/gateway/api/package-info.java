/**
 * The HTTP API's wiring ({@code HttpApi}, {@code HttpListener}) and the application services both
 * REST ({@code api.rest}) and GraphQL ({@code api.graphql}) call: apps, sync actions, audit, bearer
 * authentication. The live feed is {@code api.feed}; wire codecs are {@code codec}.
 */
package io.gitops.gateway.api;
