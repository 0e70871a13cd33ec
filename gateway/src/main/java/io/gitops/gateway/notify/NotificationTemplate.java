package io.gitops.gateway.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message text with placeholders, and nothing else: {@code {{app}}}, {@code {{tenant}}}, {@code
 * {{trigger}}}, {@code {{syncStatus}}}, {@code {{health}}}, {@code {{revision}}}, {@code
 * {{message}}}, {@code {{time}}}. No expressions, loops, includes or method calls exist to be
 * abused: a template is split once into literal text and known names, and rendering only joins
 * them. Anything that looks like another engine's code ({@code ${…}}, {@code #{…}}, {@code {%…%}},
 * {@code <%…%>}, an unknown or unclosed {@code {{…}}}) is refused with the reason, so a tenant
 * finds out when writing the target, not when a delivery goes wrong.
 */
public final class NotificationTemplate {
  public static final int MAX_LENGTH = 2000;
  public static final Set<String> NAMES =
      Set.of("app", "tenant", "trigger", "syncStatus", "health", "revision", "message", "time");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
  private static final List<String> FOREIGN = List.of("${", "#{", "{%", "%}", "<%", "%>");
  private static final int MAX_VALUE = 1000;

  /** Why a template was refused; the message names what is wrong. */
  public static final class Invalid extends IllegalArgumentException {
    public Invalid(String message) {
      super(message);
    }
  }

  /** Literal text (name null) or a placeholder's name. */
  private record Part(String text, String name) {}

  private final List<Part> parts;

  private NotificationTemplate(List<Part> parts) {
    this.parts = parts;
  }

  /** The default text for a trigger, when a target names no template. */
  public static NotificationTemplate defaultFor(Trigger trigger) {
    return parse(
        switch (trigger) {
          case SYNC_SUCCEEDED -> "Sync of {{tenant}}/{{app}} succeeded at {{revision}}.";
          case SYNC_FAILED -> "Sync of {{tenant}}/{{app}} failed at {{revision}}: {{message}}";
          case HEALTH_DEGRADED -> "{{tenant}}/{{app}} is Degraded: {{message}}";
          case OUT_OF_SYNC -> "{{tenant}}/{{app}} has been OutOfSync too long: {{message}}";
        });
  }

  public static NotificationTemplate parse(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new Invalid("is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\t') {
        throw new Invalid("holds a control character at " + i);
      }
    }
    for (String marker : FOREIGN) {
      if (text.contains(marker)) {
        throw new Invalid(
            "holds '" + marker + "': only {{name}} placeholders are understood, no expressions");
      }
    }
    List<Part> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    int at = 0;
    while (m.find()) {
      literal(parts, text.substring(at, m.start()));
      String name = m.group(1);
      if (!NAMES.contains(name)) {
        throw new Invalid(
            "placeholder '{{"
                + name
                + "}}' is not one of "
                + String.join(", ", NAMES.stream().sorted().toList()));
      }
      parts.add(new Part(null, name));
      at = m.end();
    }
    literal(parts, text.substring(at));
    return new NotificationTemplate(List.copyOf(parts));
  }

  private static void literal(List<Part> parts, String text) {
    if (text.contains("{{") || text.contains("}}")) {
      throw new Invalid("has an unclosed or nested '{{' or a stray '}}'");
    }
    if (!text.isEmpty()) {
      parts.add(new Part(text, null));
    }
  }

  public String render(NotificationEvent e) {
    Map<String, String> values =
        Map.of(
            "app", e.app().name(),
            "tenant", e.app().tenant().value(),
            "trigger", e.trigger().label(),
            "syncStatus", e.syncStatus(),
            "health", e.health(),
            "revision", e.revision(),
            "message", e.message(),
            "time", e.at().toString());
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      if (p.name() == null) {
        out.append(p.text());
      } else {
        String v = values.get(p.name());
        out.append(v.length() > MAX_VALUE ? v.substring(0, MAX_VALUE) + "…" : v);
      }
    }
    return out.toString();
  }
}
