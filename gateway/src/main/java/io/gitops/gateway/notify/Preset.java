package io.gitops.gateway.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Optional;

/**
 * The JSON shape a receiver expects. Values go in as JSON values (never spliced into JSON text), so
 * no app name, message or template output can change the payload's structure.
 *
 * <ul>
 *   <li>{@code generic}: {@code {event, tenant, app, syncStatus, health, revision, message, text,
 *       time}}
 *   <li>{@code slack}: Slack's incoming-webhook body, {@code {text}} plus a coloured attachment
 *   <li>{@code teams}: a Microsoft Teams connector {@code MessageCard}
 * </ul>
 */
public enum Preset {
  GENERIC("generic"),
  SLACK("slack"),
  TEAMS("teams");

  private final String label;

  Preset(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Optional<Preset> fromLabel(String label) {
    return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst();
  }

  public JsonObject payload(NotificationEvent e, String text) {
    return switch (this) {
      case GENERIC ->
          new JsonObject()
              .put("event", e.trigger().label())
              .put("tenant", e.app().tenant().value())
              .put("app", e.app().name())
              .put("syncStatus", e.syncStatus())
              .put("health", e.health())
              .put("revision", e.revision())
              .put("message", e.message())
              .put("text", text)
              .put("time", e.at().toString());
      case SLACK ->
          new JsonObject()
              .put("text", text)
              .put(
                  "attachments",
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put("color", good(e.trigger()) ? "good" : "danger")
                              .put("fallback", text)
                              .put("fields", facts(e, "title", "value"))));
      case TEAMS ->
          new JsonObject()
              .put("@type", "MessageCard")
              .put("@context", "https://schema.org/extensions")
              .put("summary", e.trigger().label() + " " + e.app())
              .put("themeColor", good(e.trigger()) ? "2EB886" : "D40E0D")
              .put("title", e.trigger().label() + ": " + e.app())
              .put("text", text)
              .put(
                  "sections",
                  new JsonArray().add(new JsonObject().put("facts", facts(e, "name", "value"))));
    };
  }

  private static boolean good(Trigger t) {
    return t == Trigger.SYNC_SUCCEEDED;
  }

  private static JsonArray facts(NotificationEvent e, String key, String value) {
    return new JsonArray()
        .add(new JsonObject().put(key, "App").put(value, e.app().toString()))
        .add(new JsonObject().put(key, "Sync").put(value, e.syncStatus()))
        .add(new JsonObject().put(key, "Health").put(value, e.health()))
        .add(new JsonObject().put(key, "Revision").put(value, e.revision()));
  }
}
