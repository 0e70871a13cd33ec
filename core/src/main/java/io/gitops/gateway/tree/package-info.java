/**
 * Shared helpers over object trees (Kubernetes objects as nested maps and lists), used by render,
 * diff and sync planning: one deep copy, one table of list merge keys. Pure (ArchUnit: {@code
 * PurePackagesTest}). The simulator ({@code sim}) keeps its own tree code on purpose: it models the
 * API server independently, so a bug shared with the gateway cannot hide itself in tests.
 */
package io.gitops.gateway.tree;
