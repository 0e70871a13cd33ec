package io.gitops.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every JUL record (slf4j goes to JUL here) while open, with the named loggers at their finest
 * level: for asserting that a secret never reaches a log line, even a debug one.
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final List<String> finest;

  private LogCapture(List<String> finest) {
    this.finest = finest;
  }

  public static LogCapture start(String... finestLoggers) {
    LogCapture c = new LogCapture(List.of(finestLoggers));
    c.finest.forEach(n -> Logger.getLogger(n).setLevel(Level.ALL));
    Logger.getLogger("").addHandler(c);
    return c;
  }

  public List<LogRecord> records() {
    return records;
  }

  /**
   * Fails naming the logger when any record (message with parameters, or stack trace) holds a
   * secret.
   */
  public void assertNoneContains(Collection<String> secrets) {
    assertThat(records).as("log records captured").isNotEmpty();
    for (LogRecord r : records) {
      String text = text(r);
      secrets.forEach(
          s -> assertThat(text).as("log record of %s", r.getLoggerName()).doesNotContain(s));
    }
  }

  static String text(LogRecord r) {
    StringWriter out = new StringWriter();
    out.append(new SimpleFormatter().formatMessage(r));
    if (r.getThrown() != null) {
      r.getThrown().printStackTrace(new PrintWriter(out));
    }
    return out.toString();
  }

  @Override
  public void publish(LogRecord r) {
    records.add(r);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
    finest.forEach(n -> Logger.getLogger(n).setLevel(null));
  }
}
