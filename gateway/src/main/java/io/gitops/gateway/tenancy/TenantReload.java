package io.gitops.gateway.tenancy;

import io.gitops.gateway.model.TenantId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure: what a fresh scan of the tenant files changes. Only files whose bytes changed since the
 * last scan are judged, so an invalid file is reported once, not on every tick; an invalid file
 * never replaces the definition in force, and a deleted file removes its tenant.
 */
public final class TenantReload {
  private TenantReload() {}

  public enum Kind {
    ADDED,
    CHANGED,
    REJECTED,
    REMOVED
  }

  public record Change(String tenant, String file, Kind kind, String reason) {}

  /** What is in force from files: each file's last seen hash, and the tenants defined by files. */
  public record State(Map<String, String> hashes, Map<TenantId, Tenant> tenants) {
    public State {
      hashes = Map.copyOf(hashes);
      tenants = Map.copyOf(tenants);
    }
  }

  public record Result(State state, List<Change> changes) {}

  public static State initial(List<TenantFiles.FileResult> scan) {
    Map<String, String> hashes = new LinkedHashMap<>();
    Map<TenantId, Tenant> tenants = new LinkedHashMap<>();
    for (TenantFiles.FileResult r : scan) {
      hashes.put(r.stem(), r.hash());
      if (r.tenant() != null) {
        tenants.put(r.tenant().id(), r.tenant());
      }
    }
    return new State(hashes, tenants);
  }

  public static Result apply(State previous, List<TenantFiles.FileResult> scan) {
    Map<String, String> hashes = new LinkedHashMap<>(previous.hashes());
    Map<TenantId, Tenant> tenants = new LinkedHashMap<>(previous.tenants());
    List<Change> changes = new ArrayList<>();
    Set<String> present = new HashSet<>();
    for (TenantFiles.FileResult r : scan) {
      present.add(r.stem());
      if (r.hash().equals(hashes.get(r.stem()))) {
        continue;
      }
      hashes.put(r.stem(), r.hash());
      String file = r.file().getFileName().toString();
      if (r.error() != null) {
        changes.add(new Change(r.stem(), file, Kind.REJECTED, r.error()));
      } else {
        Tenant before = tenants.put(r.tenant().id(), r.tenant());
        changes.add(new Change(r.stem(), file, before == null ? Kind.ADDED : Kind.CHANGED, ""));
      }
    }
    for (String stem : List.copyOf(hashes.keySet())) {
      if (!present.contains(stem)) {
        hashes.remove(stem);
        try {
          if (tenants.remove(new TenantId(stem)) != null) {
            changes.add(new Change(stem, stem + ".yaml", Kind.REMOVED, "file deleted"));
          }
        } catch (IllegalArgumentException notATenantName) {
          // a file that never defined a tenant: nothing to remove
        }
      }
    }
    return new Result(new State(hashes, tenants), changes);
  }
}
