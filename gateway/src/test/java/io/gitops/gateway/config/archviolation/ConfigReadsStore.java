package io.gitops.gateway.config.archviolation;

import io.gitops.gateway.store.archviolation.StoreReadsConfig;

/** Deliberate violation (test only): config reaching into store, which reads config back. */
public final class ConfigReadsStore {
  public StoreReadsConfig back;
}
