package io.gitops.gateway.notify;

import io.gitops.gateway.source.RepoUrl;
import io.gitops.gateway.source.RepoUrlPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A webhook URL checked against the operator's egress rules, the same ones repository URLs obey
 * ({@link RepoUrlPolicy}): https (http only where {@code git.allowed-schemes} allows it), and no
 * host that resolves to a loopback, link-local, private or metadata address unless listed in {@code
 * git.allowed-hosts}. Checked when a target is written and again before every attempt to send, as
 * DNS answers change.
 */
public record TargetUrl(URI uri, String host) {
  static final int MAX_LENGTH = 2048;

  /** Why a URL was refused; names the reason, never quotes the URL's path or query. */
  public static final class Invalid extends IllegalArgumentException {
    public Invalid(String message) {
      super(message);
    }
  }

  /** Syntax and scheme only: no I/O, fine on an event loop. */
  public static TargetUrl parse(String raw, RepoUrlPolicy policy) {
    if (raw == null || raw.isBlank()) {
      throw new Invalid("is required");
    }
    if (raw.length() > MAX_LENGTH) {
      throw new Invalid("is longer than " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      throw new Invalid("is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new Invalid("must be https:// (or http:// where the operator allows it)");
    }
    if (!policy.allowedSchemes().contains(scheme)) {
      throw new Invalid("scheme '" + scheme + "' is not allowed here (git.allowed-schemes)");
    }
    if (uri.getHost() == null || uri.getRawAuthority() == null) {
      throw new Invalid("names no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new Invalid("must not carry a user or password: put credentials in headers");
    }
    if (uri.getRawFragment() != null) {
      throw new Invalid("must not have a #fragment");
    }
    return new TargetUrl(uri, uri.getHost().toLowerCase(Locale.ROOT));
  }

  /** Every check, the host's addresses included. Blocking (DNS): call on a worker. */
  public static TargetUrl admit(String raw, RepoUrlPolicy policy) {
    TargetUrl url = parse(raw, policy);
    try {
      policy.admitHost(url.host());
    } catch (RepoUrl.Invalid e) {
      throw new Invalid(e.getMessage());
    }
    return url;
  }

  /** Scheme, host and port only: what the API shows of a stored target. */
  public String shown() {
    return uri.getScheme().toLowerCase(Locale.ROOT)
        + "://"
        + host
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + "/…";
  }
}
