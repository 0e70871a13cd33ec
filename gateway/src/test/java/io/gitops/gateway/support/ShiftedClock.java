package io.gitops.gateway.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock moved by an offset a test sets: time still runs (so a timer set for "when the
 * window opens" fires in real seconds), but "now" is wherever the test needs it relative to a
 * window.
 */
public final class ShiftedClock extends Clock {
  private volatile Duration offset = Duration.ZERO;

  /** From now on, this clock reads {@code now} at this moment and runs on from there. */
  public void set(Instant now) {
    offset = Duration.between(Instant.now(), now);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("sync windows are judged in UTC");
  }
}
