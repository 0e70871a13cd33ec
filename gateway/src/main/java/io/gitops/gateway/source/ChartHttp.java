package io.gitops.gateway.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Blocking HTTP GETs for chart repositories and registries, run on the git pool only. Every URL,
 * redirects included, passes the operator's {@link RepoUrlPolicy} before a connection is made (a
 * hostile index cannot point the gateway at a metadata address); a whole request has one deadline,
 * checked on every read, and a byte limit; credentials go only to the origin they were stored for
 * (never along a redirect to another host). Nothing here logs a header.
 */
final class ChartHttp {
  private static final int MAX_REDIRECTS = 5;

  /** What one request may cost. */
  record Limits(Duration timeout, long maxBytes) {}

  /** An answer; {@code status} 200 unless the caller asked to see others. */
  record Response(int status, byte[] body, Map<String, java.util.List<String>> headers) {
    String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** An HTTP status the caller did not expect; the message has no secret. */
  static final class StatusException extends IOException {
    final int status;

    StatusException(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private final RepoUrlPolicy policy;

  ChartHttp(RepoUrlPolicy policy) {
    this.policy = policy;
  }

  /**
   * GET {@code url}; {@code authorization} (a full header value) is sent only to {@code
   * authOrigin}'s scheme, host and port. A status other than 200 fails, naming it, unless {@code
   * anyStatus}.
   */
  Response get(
      String url,
      Map<String, String> headers,
      Optional<RepoCredential> credential,
      String authorization,
      RepoUrl authOrigin,
      Limits limits,
      boolean anyStatus)
      throws IOException {
    long deadline = System.nanoTime() + limits.timeout().toNanos();
    String current = url;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      RepoUrl parsed = admit(current);
      HttpURLConnection c = open(current, credential, deadline);
      try {
        c.setInstanceFollowRedirects(false);
        headers.forEach(c::setRequestProperty);
        if (authorization != null && sameOrigin(parsed, authOrigin)) {
          c.setRequestProperty("Authorization", authorization);
        }
        int status = c.getResponseCode();
        if (status >= 300 && status < 400 && c.getHeaderField("Location") != null) {
          current = URI.create(current).resolve(c.getHeaderField("Location")).toString();
          continue;
        }
        if (status != 200 && !anyStatus) {
          throw new StatusException(
              status, "GET " + RepoUrls.redact(current) + " answered " + status);
        }
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        byte[] body = in == null ? new byte[0] : read(in, c, deadline, limits.maxBytes(), current);
        return new Response(status, body, c.getHeaderFields());
      } finally {
        c.disconnect();
      }
    }
    throw new IOException(
        "GET " + RepoUrls.redact(url) + ": more than " + MAX_REDIRECTS + " redirects");
  }

  static String basic(String username, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private RepoUrl admit(String url) throws IOException {
    try {
      // The destination is scheme, host, port and path: a token request's or a signed blob
      // redirect's query (percent-encoded by nature) changes none of them.
      int query = url.indexOf('?');
      RepoUrl parsed = policy.admit(query < 0 ? url : url.substring(0, query));
      if (!parsed.scheme().equals("https") && !parsed.scheme().equals("http")) {
        throw new RepoUrl.Invalid("only http(s) can serve charts");
      }
      return parsed;
    } catch (RepoUrl.Invalid e) {
      throw new IOException("URL refused: " + RepoUrls.redact(url) + ": " + e.getMessage());
    }
  }

  private static boolean sameOrigin(RepoUrl a, RepoUrl b) {
    return b != null
        && a.scheme().equals(b.scheme())
        && a.host().equals(b.host())
        && a.port() == b.port();
  }

  private static HttpURLConnection open(
      String url, Optional<RepoCredential> credential, long deadline) throws IOException {
    HttpURLConnection c =
        (HttpURLConnection) URI.create(url).toURL().openConnection(java.net.Proxy.NO_PROXY);
    int remaining = remainingMillis(deadline, url);
    c.setConnectTimeout(remaining);
    c.setReadTimeout(remaining);
    c.setUseCaches(false);
    if (c instanceof HttpsURLConnection https
        && credential.orElse(null) instanceof RepoCredential.Https h
        && (h.insecureSkipTlsVerify() || h.caData() != null)) {
      https.setSSLSocketFactory(tls(h).getSocketFactory());
      if (h.insecureSkipTlsVerify()) {
        https.setHostnameVerifier((host, session) -> true);
      }
    }
    return c;
  }

  /** The stored CA (PEM) as the only trust anchor, or no check at all when asked. */
  private static SSLContext tls(RepoCredential.Https h) throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      if (h.insecureSkipTlsVerify()) {
        ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        return ctx;
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (var cert :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(h.caData().getBytes(StandardCharsets.US_ASCII)))) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("the stored CA certificate cannot be used: " + e.getMessage());
    }
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private static byte[] read(
      InputStream in, HttpURLConnection c, long deadline, long maxBytes, String url)
      throws IOException {
    long declared = c.getContentLengthLong();
    if (declared > maxBytes) {
      throw new IOException(
          "GET " + RepoUrls.redact(url) + ": answer larger than " + maxBytes + " bytes");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (out.size() + (long) n > maxBytes) {
          throw new IOException(
              "GET " + RepoUrls.redact(url) + ": answer larger than " + maxBytes + " bytes");
        }
        out.write(buf, 0, n);
        c.setReadTimeout(remainingMillis(deadline, url));
      }
    }
    return out.toByteArray();
  }

  private static int remainingMillis(long deadline, String url) throws IOException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new IOException("GET " + RepoUrls.redact(url) + ": took longer than the fetch timeout");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }
}
