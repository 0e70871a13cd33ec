package io.gitops.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Text a tenant or a cluster controls (messages, diffs, problem details) printed for a person: no
 * control character reaches the terminal, so no escape sequence can retitle it, clear it or hide
 * lines.
 */
class TerminalTest {
  static final String HOSTILE = "ok\u001b]0;owned\u0007\u001b[2J\u009b31m\rfake\u0000line";

  @Test
  void controlCharactersAreShownAsQuestionMarks() {
    assertThat(Terminal.clean(HOSTILE)).isEqualTo("ok?]0;owned??[2J?31m?fake?line");
    assertThat(Terminal.clean("a\tb\nc")).isEqualTo("a\tb\nc");
    assertThat(Terminal.oneLine("a\r\nb\tc " + HOSTILE)).doesNotContain("\n", "\r", "\u001b");
  }

  @Test
  void tableCellsCarryNoControlCharacters() {
    var bytes = new ByteArrayOutputStream();
    new Table("NAME", "MESSAGE")
        .row("web", HOSTILE + "\nsecond line")
        .print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines()).hasSize(2);
    assertThat(printed.chars().filter(c -> c < 0x20 && c != '\n').count()).isZero();
    assertThat(printed).doesNotContain("\u009b").contains("?[2J");
  }
}
