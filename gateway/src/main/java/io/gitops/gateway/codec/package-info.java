/**
 * The JSON wire codecs of an app's spec and status (sources, Helm, ignore rules, inline values),
 * shared by {@code store} (rows) and {@code api} (request and response bodies). A bad spec fails
 * with {@link io.gitops.gateway.codec.InvalidSpecException}, which names the offending field.
 */
package io.gitops.gateway.codec;
