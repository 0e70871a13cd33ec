/**
 * Simulated clusters speaking the Kubernetes protocol to the real fabric8 client. The simulator
 * keeps its own strategic merge, list merge keys and copies ({@code StrategicMerge}, {@code
 * ListKeys}, Jackson trees) on purpose instead of using {@code io.gitops.gateway.tree}: it stands
 * in for the API server, and an independent implementation keeps a bug in the gateway's tree code
 * from being mirrored (and hidden) by the cluster it is tested against.
 */
package io.gitops.gateway.sim;
