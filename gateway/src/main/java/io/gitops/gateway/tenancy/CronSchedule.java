package io.gitops.gateway.tenancy;

import java.time.ZonedDateTime;
import java.util.BitSet;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) with '*', numbers,
 * ranges 'a-b', lists 'a,b' and steps '*&#47;n' or 'a-b/n'; day-of-week 0 or 7 is Sunday. As in
 * cron, when both day fields are restricted a day matching either one matches.
 */
public final class CronSchedule {
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet days;
  private final BitSet months;
  private final BitSet weekdays;
  private final boolean anyDay;
  private final boolean anyWeekday;

  private CronSchedule(String[] f) {
    minutes = field(f[0], 0, 59, "minute");
    hours = field(f[1], 0, 23, "hour");
    days = field(f[2], 1, 31, "day of month");
    months = field(f[3], 1, 12, "month");
    weekdays = field(f[4], 0, 7, "day of week");
    if (weekdays.get(7)) {
      weekdays.set(0);
    }
    anyDay = f[2].equals("*");
    anyWeekday = f[4].equals("*");
  }

  /** Parses, or throws IllegalArgumentException naming the bad field. */
  public static CronSchedule parse(String expression) {
    String[] fields = expression.trim().split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("must be a cron expression of five fields");
    }
    return new CronSchedule(fields);
  }

  /** True if the schedule fires at this minute. */
  public boolean matches(ZonedDateTime t) {
    if (!minutes.get(t.getMinute()) || !hours.get(t.getHour()) || !months.get(t.getMonthValue())) {
      return false;
    }
    boolean day = days.get(t.getDayOfMonth());
    boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
    if (anyDay || anyWeekday) {
      return day && weekday;
    }
    return day || weekday;
  }

  private static BitSet field(String text, int min, int max, String name) {
    BitSet bits = new BitSet();
    for (String part : text.split(",")) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(part.substring(slash + 1), 1, max, name);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        from = number(range.substring(0, range.indexOf('-')), min, max, name);
        to = number(range.substring(range.indexOf('-') + 1), min, max, name);
      } else {
        from = number(range, min, max, name);
        to = slash >= 0 ? max : from;
      }
      if (from > to) {
        throw new IllegalArgumentException(name + " range " + range + " runs backwards");
      }
      for (int i = from; i <= to; i += step) {
        bits.set(i);
      }
    }
    return bits;
  }

  private static int number(String text, int min, int max, String name) {
    try {
      int n = Integer.parseInt(text);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " '" + text + "' is not a number from " + min + " to " + max);
  }
}
