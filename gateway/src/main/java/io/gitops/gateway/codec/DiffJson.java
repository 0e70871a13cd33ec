package io.gitops.gateway.codec;

import io.gitops.gateway.diff.ObjectDiff;
import io.gitops.gateway.sync.ServerDryRun;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A comparison's per-object diffs and a dry run's answer as the API shows them: built where they
 * are computed (the app's owner), so that another replica passes them on as they are.
 */
public final class DiffJson {
  private DiffJson() {}

  /** Verdict, changed paths and a unified diff per object (Secret values already redacted). */
  public static JsonArray diffs(List<ObjectDiff> diffs) {
    JsonArray out = new JsonArray();
    for (ObjectDiff d : diffs) {
      out.add(
          new JsonObject()
              .put("group", d.key().group())
              .put("kind", d.key().kind())
              .put("namespace", d.key().namespace())
              .put("name", d.key().name())
              .put("verdict", d.verdict().name())
              .put("changedPaths", new JsonArray(d.changedPaths()))
              .put("diff", d.unifiedDiff()));
    }
    return out;
  }

  /**
   * {@code {"dryRun": true, "refusal": …, "plan": {create, change, prune, held, hooks}, "server":
   * {"errors": 1, "objects": [{"object", "result", "code", "message"}]}}}.
   */
  public static JsonObject dryRun(ServerDryRun.Result dry) {
    JsonArray objects = new JsonArray();
    dry.checks().forEach(c -> objects.add(new JsonObject(c.toMap())));
    return new JsonObject()
        .put("dryRun", true)
        .put("refusal", dry.plan().refusal())
        .put("plan", new JsonObject(new LinkedHashMap<>(dry.plan().describe())))
        .put("server", new JsonObject().put("errors", dry.errors()).put("objects", objects));
  }
}
