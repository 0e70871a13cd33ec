package io.gitops.gateway.reconcile;

import io.gitops.gateway.config.SyncSettings;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every app the loop knows, with what it remembers of each between reconciles (see {@link
 * AppSyncState}). Not thread-safe: it lives on the loop's context.
 */
final class AppRegistry {
  private final SyncSettings settings;
  private final Map<AppId, App> apps = new LinkedHashMap<>();
  private final Map<AppId, AppSyncState> states = new HashMap<>();

  AppRegistry(SyncSettings settings) {
    this.settings = settings;
  }

  Optional<App> app(AppId id) {
    return Optional.ofNullable(apps.get(id));
  }

  boolean contains(AppId id) {
    return apps.containsKey(id);
  }

  Collection<App> all() {
    return apps.values();
  }

  /** Adds or replaces the app; returns the one it replaced, if any. */
  Optional<App> put(App app) {
    return Optional.ofNullable(apps.put(app.id(), app));
  }

  void remove(AppId id) {
    apps.remove(id);
    states.remove(id);
  }

  AppSyncState state(AppId id) {
    return states.computeIfAbsent(id, k -> new AppSyncState(settings));
  }

  /** The app's state if it has one yet (asking does not create it). */
  Optional<AppSyncState> stateIfAny(AppId id) {
    return Optional.ofNullable(states.get(id));
  }
}
