package io.gitops.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one process costs, read from outside it: CPU seconds (utime + stime from /proc/PID/stat),
 * resident set (VmRSS), and the heap after a full GC (jcmd GC.run, then GC.heap_info). Linux only,
 * like the figures it serves.
 */
public final class ProcStats {
  /** Clock ticks per second of /proc's times; 100 on every Linux this runs on. */
  private static final double TICKS = clockTicks();

  private ProcStats() {}

  public static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  public static double ownCpuSeconds() {
    return cpuSeconds(ProcessHandle.current().pid());
  }

  /** Resident set in bytes. */
  public static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // below
    }
    return -1;
  }

  private static final Pattern USED = Pattern.compile("heap\\s+total\\s+(\\d+)K, used (\\d+)K");

  /** Heap in use right after a full GC: the live bytes, in bytes. */
  public static long liveHeapBytes(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher m = USED.matcher(info);
    if (!m.find()) {
      throw new IOException("cannot read the heap from jcmd GC.heap_info: " + info);
    }
    return Long.parseLong(m.group(2)) * 1024;
  }

  static String jcmd(long pid, String command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    cmd.add(Long.toString(pid));
    cmd.add(command);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("jcmd " + command + " failed: " + out.strip());
    }
    return out;
  }

  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static double clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Double.parseDouble(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
