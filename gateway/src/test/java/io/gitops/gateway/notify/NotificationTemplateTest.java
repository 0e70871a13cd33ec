package io.gitops.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops.gateway.model.AppId;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Templates only substitute known names; anything that could be code in some engine is refused. */
class NotificationTemplateTest {
  static final NotificationEvent EVENT =
      new NotificationEvent(
          AppId.of("shop", "web"),
          Trigger.SYNC_FAILED,
          "OutOfSync",
          "Degraded",
          "abc123",
          "{{app}} ${x} \"quoted\"",
          Instant.parse("2026-01-02T03:04:05Z"));

  @Test
  void placeholdersAreReplacedAndValuesAreNeverReadAsTemplates() {
    String text =
        NotificationTemplate.parse(
                "{{tenant}}/{{ app }} {{trigger}} {{syncStatus}} {{health}} {{revision}}"
                    + " {{time}}: {{message}}")
            .render(EVENT);
    assertThat(text)
        .isEqualTo(
            "shop/web sync-failed OutOfSync Degraded abc123 2026-01-02T03:04:05Z:"
                + " {{app}} ${x} \"quoted\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "${T(java.lang.Runtime).getRuntime().exec('id')}",
        "#{7*7}",
        "{% for a in apps %}x{% endfor %}",
        "<%= system('id') %>",
        "{{#each apps}}{{this}}{{/each}}",
        "{{app.getClass()}}",
        "{{constructor.constructor('return process')()}}",
        "{{app}",
        "{{ {{app}} }}",
        "stray }}",
        "bell \u0007"
      })
  void hostileTemplatesAreRefused(String template) {
    assertThatThrownBy(() -> NotificationTemplate.parse(template))
        .isInstanceOf(NotificationTemplate.Invalid.class);
  }

  @Test
  void aTemplateTooLongIsRefused() {
    assertThatThrownBy(() -> NotificationTemplate.parse("x".repeat(2001)))
        .hasMessageContaining("longer than 2000");
  }

  @Test
  void presetsPutValuesInAsJsonValues() {
    var slack = Preset.SLACK.payload(EVENT, "a \"b\" }");
    assertThat(slack.getString("text")).isEqualTo("a \"b\" }");
    var teams = Preset.TEAMS.payload(EVENT, "t");
    assertThat(teams.getString("@type")).isEqualTo("MessageCard");
    assertThat(teams.getString("themeColor")).isEqualTo("D40E0D");
    var generic = Preset.GENERIC.payload(EVENT, "t");
    assertThat(generic.fieldNames())
        .containsExactlyInAnyOrder(
            "event",
            "tenant",
            "app",
            "syncStatus",
            "health",
            "revision",
            "message",
            "text",
            "time");
  }
}
