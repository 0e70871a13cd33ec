package io.gitops.gateway.source;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which repository URLs the gateway may fetch at all, whatever a tenant's sourceRepos say: the
 * operator's {@code git.allowed-schemes}, {@code git.allowed-local-paths} and {@code
 * git.allowed-hosts}. A tenant must not turn the gateway into a reader of the host's disk or a
 * scanner of its network: local repositories only under allowed folders and never inside the
 * gateway's own mirrors, and no host that resolves to loopback, link-local, private or metadata
 * addresses unless allowed. Checked when an app is written and again before every fetch (DNS and
 * configuration change).
 */
public record RepoUrlPolicy(
    Set<String> allowedSchemes,
    List<Path> allowedLocalPaths,
    List<String> allowedHosts,
    Path dataDir) {
  public static final Set<String> DEFAULT_SCHEMES = Set.of("https", "ssh");

  public RepoUrlPolicy {
    allowedSchemes =
        Set.copyOf(allowedSchemes.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
    allowedLocalPaths =
        allowedLocalPaths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    dataDir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
  }

  /** The same policy, also keeping out of {@code dir} (the gateway's mirrors). */
  public RepoUrlPolicy withDataDir(Path dir) {
    return new RepoUrlPolicy(allowedSchemes, allowedLocalPaths, allowedHosts, dir);
  }

  /** Production's defaults: https and ssh, no local paths, no internal hosts. */
  public static RepoUrlPolicy strict(Path dataDir) {
    return new RepoUrlPolicy(DEFAULT_SCHEMES, List.of(), List.of(), dataDir);
  }

  /**
   * The checks that need no I/O: syntax and scheme. Quick enough for an event loop; the full check
   * is {@link #admit}.
   */
  public RepoUrl parse(String raw) {
    RepoUrl url = RepoUrl.parse(raw);
    // An OCI registry is reached over HTTPS: the operator allows it as https.
    if (!allowedSchemes.contains(url.scheme().equals("oci") ? "https" : url.scheme())) {
      throw new RepoUrl.Invalid(
          "scheme '"
              + url.scheme()
              + "' is not allowed here (git.allowed-schemes: "
              + String.join(", ", allowedSchemes.stream().sorted().toList())
              + ")");
    }
    return url;
  }

  /**
   * Every check, host resolution and file-system lookups included. Blocking: call on a worker. A
   * host that does not resolve passes (the fetch then fails): only an address is a destination.
   */
  public RepoUrl admit(String raw) {
    RepoUrl url = parse(raw);
    if (url.local()) {
      checkLocal(url);
    } else {
      checkHost(url);
    }
    return url;
  }

  private void checkLocal(RepoUrl url) {
    Path path = Path.of(url.path()).normalize();
    try {
      // the real path: a symlink inside an allowed folder must not lead out of it
      path = Files.exists(path) ? path.toRealPath() : path;
    } catch (IOException e) {
      throw new RepoUrl.Invalid("local path cannot be read");
    }
    if (dataDir != null && (path.startsWith(dataDir) || path.startsWith(realOrSelf(dataDir)))) {
      throw new RepoUrl.Invalid("local path lies inside the gateway's own data (git.data-dir)");
    }
    for (Path allowed : allowedLocalPaths) {
      if (path.startsWith(allowed) || path.startsWith(realOrSelf(allowed))) {
        return;
      }
    }
    throw new RepoUrl.Invalid(
        "local repositories are allowed only under git.allowed-local-paths, and "
            + url.path()
            + " is not under any");
  }

  private static Path realOrSelf(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p;
    }
  }

  private void checkHost(RepoUrl url) {
    admitHost(url.host());
  }

  /**
   * The egress rule on its own, for every other URL a tenant gives the gateway to call (e.g.
   * notification webhooks): refused when {@code host} resolves to a loopback, link-local, private
   * or metadata address not listed in {@code git.allowed-hosts}. Blocking (DNS): call on a worker.
   */
  public void admitHost(String host) {
    if (allowedHosts.contains(host) || allowedHosts.contains(bare(host))) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(bare(host));
    } catch (UnknownHostException e) {
      return;
    }
    for (InetAddress a : addresses) {
      if (internal(a) && allowedHosts.stream().noneMatch(rule -> Cidr.contains(rule, a))) {
        throw new RepoUrl.Invalid(
            "host "
                + host
                + " resolves to a loopback, link-local or private address,"
                + " which is refused unless listed in git.allowed-hosts");
      }
    }
  }

  private static String bare(String host) {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  /** Addresses that reach the gateway itself, its network or a cloud's metadata service. */
  static boolean internal(InetAddress a) {
    if (a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0
          || first == 127
          || (first == 100 && second >= 64 && second < 128)
          || (first == 169 && second == 254)
          || first >= 224;
    }
    if (a instanceof Inet6Address) {
      boolean ula = (b[0] & 0xfe) == 0xfc;
      boolean mappedV4 = isMapped(b);
      return ula || (mappedV4 && internalV4(b));
    }
    return false;
  }

  private static boolean isMapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  private static boolean internalV4(byte[] b) {
    try {
      return internal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
    } catch (UnknownHostException e) {
      return true;
    }
  }

  /**
   * An allowed-hosts entry that is a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}) or a single
   * address.
   */
  static final class Cidr {
    private Cidr() {}

    static boolean contains(String rule, InetAddress address) {
      String[] parts = rule.split("/", 2);
      if (!looksLikeAddress(parts[0])) {
        return false;
      }
      try {
        byte[] net = InetAddress.getByName(parts[0]).getAddress();
        byte[] a = address.getAddress();
        if (net.length != a.length) {
          return false;
        }
        int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
        for (int i = 0; i < bits; i++) {
          int mask = 0x80 >> (i % 8);
          if ((net[i / 8] & mask) != (a[i / 8] & mask)) {
            return false;
          }
        }
        return true;
      } catch (UnknownHostException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
        return false;
      }
    }

    /** Only literals: a name here must never trigger a lookup. */
    static boolean looksLikeAddress(String s) {
      return s.matches("[0-9.]+") || s.contains(":");
    }
  }
}
