package io.gitops.gateway.render;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * A packaged chart ({@code .tgz}, as {@code helm package} and chart repositories serve it) read
 * into memory, bounded: at most {@code maxBytes} unpacked and {@code maxFiles} files, so a gzip
 * bomb or an endless archive stops at the limit. Entry names that would leave the chart ({@code
 * ..}, absolute, backslashes) refuse the whole archive; links and devices are skipped. The chart's
 * top folder is kept (Helm's layout: {@code name/Chart.yaml}).
 */
public final class ChartArchive {
  private ChartArchive() {}

  /** Why an archive was refused; the message names the limit or the entry. */
  public static final class Invalid extends Exception {
    public Invalid(String message) {
      super(message);
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Regular files by path ({@code chart/templates/x.yaml}). */
  public static Map<String, byte[]> unpack(byte[] tgz, long maxBytes, int maxFiles) throws Invalid {
    Map<String, byte[]> files = new TreeMap<>();
    long total = 0;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz))) {
      byte[] header = new byte[512];
      String longName = null;
      while (readFully(in, header)) {
        if (isZero(header)) {
          break;
        }
        String name = longName != null ? longName : name(header);
        longName = null;
        long size = octal(header, 124, 12);
        char type = (char) header[156];
        if (size < 0 || size > maxBytes - total) {
          throw new Invalid("chart archive is larger than " + maxBytes + " bytes unpacked");
        }
        byte[] body = new byte[(int) size];
        if (!readFully(in, body)) {
          throw new Invalid("chart archive is truncated");
        }
        skip(in, (512 - size % 512) % 512);
        total += size;
        switch (type) {
          case 'L' -> longName = cString(body, 0, body.length);
          case 'x' -> longName = paxPath(body);
          case '0', '\0', '7' -> {
            if (files.size() >= maxFiles) {
              throw new Invalid("chart archive has more than " + maxFiles + " files");
            }
            files.put(checkedName(name), body);
          }
          default -> {
            // directories, links, devices, global headers: nothing a chart needs
          }
        }
      }
    } catch (IOException e) {
      throw new Invalid("chart archive cannot be read: " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new Invalid("chart archive holds no files");
    }
    return files;
  }

  /**
   * A gzip'd ustar archive of {@code files}: what tests package and what the gateway hands Helm for
   * a dependency.
   */
  public static byte[] pack(Map<String, byte[]> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(bytes)) {
      for (var e : new TreeMap<>(files).entrySet()) {
        byte[] header = new byte[512];
        byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
        if (name.length > 100) {
          throw new IllegalArgumentException("name longer than 100 bytes: " + e.getKey());
        }
        System.arraycopy(name, 0, header, 0, name.length);
        putOctal(header, 100, 8, 0644);
        putOctal(header, 108, 8, 0);
        putOctal(header, 116, 8, 0);
        putOctal(header, 124, 12, e.getValue().length);
        putOctal(header, 136, 12, 0);
        header[156] = '0';
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
          sum += b & 0xff;
        }
        putOctal(header, 148, 7, sum);
        out.write(header);
        out.write(e.getValue());
        out.write(new byte[(int) ((512 - e.getValue().length % 512) % 512)]);
      }
      out.write(new byte[1024]);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private static void putOctal(byte[] header, int at, int len, long value) {
    String text = String.format("%0" + (len - 1) + "o", value);
    System.arraycopy(text.getBytes(StandardCharsets.US_ASCII), 0, header, at, len - 1);
  }

  private static String checkedName(String raw) throws Invalid {
    String name = raw.startsWith("./") ? raw.substring(2) : raw;
    if (name.isEmpty()
        || name.startsWith("/")
        || name.contains("\\")
        || name.contains("\0")
        || java.util.Arrays.asList(name.split("/")).contains("..")) {
      throw new Invalid("chart archive entry '" + raw + "' would leave the chart");
    }
    return name;
  }

  private static String name(byte[] h) {
    String name = cString(h, 0, 100);
    String magic = cString(h, 257, 6);
    String prefix = magic.startsWith("ustar") ? cString(h, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String paxPath(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    for (String record : text.split("\n")) {
      int space = record.indexOf(' ');
      if (space > 0 && record.startsWith("path=", space + 1)) {
        return record.substring(space + 1 + "path=".length());
      }
    }
    return null;
  }

  private static String cString(byte[] b, int at, int len) {
    int end = at;
    while (end < at + len && b[end] != 0) {
      end++;
    }
    return new String(b, at, end - at, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int at, int len) {
    if ((b[at] & 0x80) != 0) {
      return -1; // base-256 sizes: far beyond any chart
    }
    String text = cString(b, at, len).trim();
    try {
      return text.isEmpty() ? 0 : Long.parseLong(text, 8);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean readFully(InputStream in, byte[] buf) throws IOException {
    int off = 0;
    while (off < buf.length) {
      int n = in.read(buf, off, buf.length - off);
      if (n < 0) {
        return false;
      }
      off += n;
    }
    return true;
  }

  private static void skip(InputStream in, long n) throws IOException {
    in.readNBytes((int) n);
  }
}
