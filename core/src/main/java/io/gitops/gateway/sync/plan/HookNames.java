package io.gitops.gateway.sync.plan;

import io.gitops.gateway.model.AppId;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Hooks with {@code metadata.generateName} instead of a name (as Argo CD allows): they get a
 * concrete name before anything reads them, so the tenant's rules, the ownership check and
 * BeforeHookCreation see the object that is written. The name is the prefix and a short hash of the
 * app, the revision and the phase: the same sync of the same revision names the hook the same (its
 * earlier run is found and replaced), a new revision names it anew; a DNS label, at most 63
 * characters.
 */
public final class HookNames {
  static final int MAX = 63;
  static final int HASH = 10;

  private HookNames() {}

  /** The name a {@code generateName} hook gets; empty when the object has a name or no prefix. */
  public static Optional<String> generated(Map<String, Object> object, AppId app, String revision) {
    Map<?, ?> metadata = object.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
    Object name = metadata.get("name");
    Object prefix = metadata.get("generateName");
    if ((name != null && !String.valueOf(name).isBlank())
        || prefix == null
        || String.valueOf(prefix).isBlank()
        || !Hooks.isHook(object)) {
      return Optional.empty();
    }
    String phase = Hooks.phaseOf(object).map(Enum::name).orElse("");
    String hash =
        digest(app.tenant().value() + "/" + app.name() + "@" + revision + "#" + phase + object)
            .substring(0, HASH);
    String safe = String.valueOf(prefix).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    safe = safe.replaceAll("^-+", "");
    if (safe.length() > MAX - HASH) {
      safe = safe.substring(0, MAX - HASH);
    }
    return Optional.of(safe + hash);
  }

  /** A name-based UUID (RFC 4122 type 3) as hex: stable across runs and JVMs. */
  private static String digest(String text) {
    return UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8))
        .toString()
        .replace("-", "");
  }
}
