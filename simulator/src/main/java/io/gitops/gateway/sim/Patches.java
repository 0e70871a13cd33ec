package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import tools.jackson.databind.json.JsonMapper;

/** JSON merge patch (RFC 7386) and JSON patch (RFC 6902, through fabric8's zjsonpatch). */
final class Patches {
  private static final JsonMapper JACKSON3 = JsonMapper.builder().build();

  private Patches() {}

  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = target instanceof ObjectNode o ? o.deepCopy() : Json.object();
    patch
        .fields()
        .forEachRemaining(
            f -> {
              if (f.getValue().isNull()) {
                out.remove(f.getKey());
              } else {
                out.set(f.getKey(), mergePatch(out.get(f.getKey()), f.getValue()));
              }
            });
    return out;
  }

  static JsonNode jsonPatch(JsonNode target, String patch) {
    try {
      tools.jackson.databind.JsonNode result =
          JsonPatch.apply(JACKSON3.readTree(patch), JACKSON3.readTree(Json.write(target)));
      return Json.parse(JACKSON3.writeValueAsString(result));
    } catch (JsonPatchException | tools.jackson.core.JacksonException e) {
      throw new SimulatorError(
          422,
          "Invalid",
          "the JSON patch could not be applied: " + e.getMessage(),
          null,
          null,
          java.util.List.of());
    }
  }
}
