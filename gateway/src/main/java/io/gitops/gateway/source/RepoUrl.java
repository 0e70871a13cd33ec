package io.gitops.gateway.source;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository URL taken apart, so that every rule about it (allowed schemes and hosts,
 * sourceRepos, which credential to send) compares parts, never spellings. Accepts {@code https://},
 * {@code http://}, {@code ssh://}, {@code git://}, {@code file://}, scp-like {@code
 * git@host:org/repo} (scheme {@code ssh}) and absolute paths (scheme {@code file}). Refuses, naming
 * the reason, anything whose meaning could differ between this check and JGit: {@code .}/{@code ..}
 * and empty segments, percent-encoding, backslashes, whitespace and control characters.
 *
 * @param scheme lower case: https, http, ssh, git or file
 * @param user the user name before '@' (never a password), or null
 * @param host lower case, IPv6 in brackets; empty for file
 * @param port the port, the scheme's default when the URL names none; -1 for file
 * @param path starting with '/', without a trailing '/'
 */
public record RepoUrl(String scheme, String user, String host, int port, String path) {
  private static final Map<String, Integer> DEFAULT_PORTS =
      Map.of("https", 443, "http", 80, "ssh", 22, "git", 9418, "oci", 443);
  private static final Pattern SCHEME =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://(.*)", Pattern.DOTALL);
  private static final Pattern SCP =
      Pattern.compile("(?:([^@/:]+)@)?([^@/:]+):(.+)", Pattern.DOTALL);
  private static final Pattern AUTHORITY =
      Pattern.compile("(?:([^@/]*)@)?(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._~-]+");

  /** Why a URL was refused; the message names what is wrong and never quotes a password. */
  public static final class Invalid extends IllegalArgumentException {
    public Invalid(String message) {
      super(message);
    }
  }

  /** The URL parsed and checked, or {@link Invalid} saying why not. */
  public static RepoUrl parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new Invalid("is empty");
    }
    checkCharacters(raw);
    Matcher m = SCHEME.matcher(raw);
    if (m.matches()) {
      String scheme = m.group(1).toLowerCase(Locale.ROOT);
      if (scheme.equals("file")) {
        return local(
            m.group(2).startsWith("localhost/")
                ? m.group(2).substring("localhost".length())
                : m.group(2));
      }
      if (!DEFAULT_PORTS.containsKey(scheme)) {
        throw new Invalid(
            "scheme '" + scheme + "' is not supported (https, ssh, http, git, file, oci)");
      }
      return remote(scheme, m.group(2));
    }
    if (raw.startsWith("/")) {
      return local(raw);
    }
    if (raw.contains("://") || raw.startsWith("-")) {
      throw new Invalid("is not a repository URL");
    }
    Matcher scp = SCP.matcher(raw);
    if (scp.matches()) {
      String path = scp.group(3).startsWith("/") ? scp.group(3) : "/" + scp.group(3);
      return new RepoUrl("ssh", user(scp.group(1)), host(scp.group(2)), 22, path(path));
    }
    throw new Invalid(
        "is a relative path or not a URL: give https://, ssh://, git@host:path or an absolute path");
  }

  /**
   * A URL that names a folder of repositories (a credential's {@code
   * https://git.example.com/team-a/}, or a whole host): the same rules, but the path may be empty
   * (then "/", covering every path).
   */
  public static RepoUrl prefix(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new Invalid("is empty");
    }
    // parsed as the URL of a child of the folder, so every rule of a repository URL applies
    boolean scpHostOnly = !raw.contains("://") && raw.endsWith(":");
    RepoUrl child = parse(raw + (raw.endsWith("/") || scpHostOnly ? "" : "/") + "x");
    String folder = child.path.substring(0, child.path.length() - 2);
    return new RepoUrl(
        child.scheme, child.user, child.host, child.port, folder.isEmpty() ? "/" : folder);
  }

  /**
   * The scheme's default port, the user and a trailing ".git" do not matter: one repository, one
   * key.
   */
  public String repositoryKey() {
    String p = path.endsWith(".git") ? path.substring(0, path.length() - 4) : path;
    return scheme + "://" + host + (port < 0 ? "" : ":" + port) + p;
  }

  public boolean local() {
    return scheme.equals("file");
  }

  /**
   * True when this URL lies under {@code prefix}: same scheme, host and port, and the prefix's path
   * is the whole path or ends on a '/' boundary of it ({@code /team-a} covers {@code /team-a/x},
   * not {@code /team-ab}). A prefix names no user, or the same one.
   */
  public boolean isUnder(RepoUrl prefix) {
    if (!scheme.equals(prefix.scheme) || !host.equals(prefix.host) || port != prefix.port) {
      return false;
    }
    if (prefix.user != null && !prefix.user.equals(user)) {
      return false;
    }
    return prefix.path.equals("/")
        || path.equals(prefix.path)
        || path.startsWith(prefix.path + "/")
        || repositoryKey().equals(prefix.repositoryKey());
  }

  @Override
  public String toString() {
    if (local()) {
      return "file://" + path;
    }
    return scheme
        + "://"
        + (user == null ? "" : user + "@")
        + host
        + (port == DEFAULT_PORTS.get(scheme) ? "" : ":" + port)
        + path;
  }

  private static RepoUrl remote(String scheme, String rest) {
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    Matcher a = AUTHORITY.matcher(authority);
    if (!a.matches()) {
      throw new Invalid(
          "host part '"
              + RepoUrls.redact(scheme + "://" + authority)
              + "' is not a host name, [IPv6] or host:port");
    }
    String user = a.group(1) == null ? null : a.group(1).replaceFirst(":.*", "");
    int port = DEFAULT_PORTS.get(scheme);
    if (a.group(3) != null) {
      port = Integer.parseInt(a.group(3));
      if (port < 1 || port > 65535) {
        throw new Invalid("port " + port + " is out of range");
      }
    }
    if (slash < 0 || rest.length() == slash + 1) {
      throw new Invalid("names no repository path");
    }
    return new RepoUrl(scheme, user(user), host(a.group(2)), port, path(rest.substring(slash)));
  }

  private static RepoUrl local(String path) {
    if (!path.startsWith("/")) {
      throw new Invalid("file URL must name an absolute path (file:///dir/repo), not a host");
    }
    return new RepoUrl("file", null, "", -1, path(path));
  }

  private static String user(String user) {
    if (user != null && !USER.matcher(user).matches()) {
      throw new Invalid("user name holds characters other than letters, digits and . _ ~ -");
    }
    return user;
  }

  private static String host(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith(".") || h.endsWith(".") || h.contains("..") || h.startsWith("-")) {
      throw new Invalid("host '" + h + "' is not a valid host name");
    }
    return h;
  }

  /**
   * Refuses '.', '..' and empty segments rather than resolving them: the spelling must be the
   * meaning.
   */
  private static String path(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (p.isEmpty()) {
      throw new Invalid("names no repository path");
    }
    String[] segments = p.substring(1).split("/", -1);
    for (String s : segments) {
      if (s.isEmpty()) {
        throw new Invalid("path '" + p + "' has an empty segment (//)");
      }
      if (s.equals(".") || s.equals("..")) {
        throw new Invalid("path '" + p + "' has a '" + s + "' segment");
      }
    }
    return p;
  }

  private static void checkCharacters(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new Invalid("holds a control character at position " + i);
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        throw new Invalid("holds whitespace at position " + i);
      }
      if (c == '\\') {
        throw new Invalid("holds a backslash at position " + i);
      }
      if (c == '%') {
        throw new Invalid(
            "holds percent-encoding at position "
                + i
                + " (such as %2e or %2f): write the URL plainly");
      }
    }
  }
}
