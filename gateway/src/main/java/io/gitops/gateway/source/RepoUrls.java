package io.gitops.gateway.source;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One repository has many spellings: {@code https://github.com/org/repo.git}, {@code
 * http://github.com/org/repo/}, {@code git@github.com:org/repo.git}, {@code
 * ssh://git@github.com:22/org/repo}. {@link #key} maps them all to {@code github.com/org/repo}, so
 * a webhook naming the repository one way finds apps that name it another.
 */
public final class RepoUrls {
  private static final Pattern SCHEME =
      Pattern.compile("^[a-z][a-z0-9+.-]*://([^/]*)(/.*)?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern SCP = Pattern.compile("^(?:[^@/]+@)?([^:/]+):(?!//)(.+)$");
  private static final Pattern USERINFO = Pattern.compile("(://)[^/@\\s]+@");

  private RepoUrls() {}

  /**
   * Host (no user, no port) + path, without a trailing ".git" or "/", lower case; file URLs keep
   * their path.
   */
  public static String key(String url) {
    String u = url.trim();
    String host;
    String path;
    Matcher m = SCHEME.matcher(u);
    if (m.matches()) {
      host = m.group(1).replaceFirst("^.*@", "").replaceFirst(":\\d*$", "");
      path = m.group(2) == null ? "" : m.group(2);
    } else {
      Matcher scp = SCP.matcher(u);
      if (!scp.matches()) {
        return strip(u).toLowerCase(Locale.ROOT);
      }
      host = scp.group(1);
      path = "/" + scp.group(2);
    }
    return (host + strip(path)).toLowerCase(Locale.ROOT);
  }

  private static String strip(String path) {
    String p = path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.endsWith(".git") ? p.substring(0, p.length() - 4) : p;
  }

  /** The text with any {@code user:password@} removed from URLs in it: safe to log or show. */
  public static String redact(String text) {
    return text == null ? "" : USERINFO.matcher(text).replaceAll("$1");
  }
}
