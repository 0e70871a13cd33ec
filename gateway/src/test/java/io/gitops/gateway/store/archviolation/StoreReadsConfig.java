package io.gitops.gateway.store.archviolation;

import io.gitops.gateway.config.archviolation.ConfigReadsStore;

/** Deliberate violation (test only): the other half of a config ⇄ store cycle. */
public final class StoreReadsConfig {
  public ConfigReadsStore there;
}
