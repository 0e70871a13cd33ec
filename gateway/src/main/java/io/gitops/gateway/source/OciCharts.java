package io.gitops.gateway.source;

import io.gitops.gateway.render.ChartVersions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Helm charts in OCI registries through the registry HTTP API v2, as {@code helm pull oci://} does:
 * tags listed to resolve a version range ({@code +} is {@code _} in a tag), the manifest read, its
 * chart layer ({@code application/vnd.cncf.helm.chart.content.v1.tar+gzip}) fetched by digest and
 * checked. Authentication as Docker's: an anonymous try, then on a {@code 401} the challenge's
 * Bearer token flow (the stored username and password sent to the realm for a token) or Basic.
 * {@code oci://host/path/chart}: the chart is the last segment; {@code oci://host/path} with chart
 * {@code name} means {@code host/path/name}. Blocking: the git pool only.
 */
final class OciCharts {
  static final String CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
  private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  /** A chart layer and the digest the manifest gave it (already checked). */
  record Blob(String digest, byte[] bytes) {}

  private final ChartHttp http;

  OciCharts(ChartHttp http) {
    this.http = http;
  }

  static boolean isOci(String url) {
    return url.regionMatches(true, 0, "oci://", 0, 6);
  }

  /** The tag {@code target} resolves to: the newest tag that the range admits. */
  String resolve(
      String repoUrl,
      String chart,
      String target,
      Optional<RepoCredential> credential,
      ChartHttp.Limits limits)
      throws IOException {
    Ref ref = Ref.of(repoUrl, chart);
    Session s = new Session(ref, credential, limits);
    JsonObject list =
        new JsonObject(
            new String(
                s.get("/tags/list", "application/json", limits.maxBytes()),
                StandardCharsets.UTF_8));
    List<String> versions = new ArrayList<>();
    JsonArray tags = list.getJsonArray("tags", new JsonArray());
    tags.forEach(t -> versions.add(String.valueOf(t).replace('_', '+')));
    return ChartVersions.newest(target, versions)
        .orElseThrow(
            () ->
                new IOException(
                    "no tag of "
                        + ref.display()
                        + " matches '"
                        + target
                        + "' ("
                        + versions.size()
                        + " tags)"));
  }

  /** The chart archive at {@code version}, its digest checked against the manifest. */
  Blob chart(
      String repoUrl,
      String chart,
      String version,
      Optional<RepoCredential> credential,
      ChartHttp.Limits limits)
      throws IOException {
    Ref ref = Ref.of(repoUrl, chart);
    Session s = new Session(ref, credential, limits);
    JsonObject manifest =
        new JsonObject(
            new String(
                s.get("/manifests/" + version.replace('+', '_'), MANIFEST, 4 << 20),
                StandardCharsets.UTF_8));
    String digest = null;
    for (Object layer : manifest.getJsonArray("layers", new JsonArray())) {
      if (layer instanceof JsonObject l && CHART_LAYER.equals(l.getString("mediaType"))) {
        digest = l.getString("digest");
      }
    }
    if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
      throw new IOException(
          ref.display() + ":" + version + " has no Helm chart layer (" + CHART_LAYER + ")");
    }
    byte[] bytes = s.get("/blobs/" + digest, "*/*", limits.maxBytes());
    return new Blob(digest.substring("sha256:".length()), bytes);
  }

  /** host[:port] and the repository's name inside the registry. */
  record Ref(String origin, String name) {
    static Ref of(String repoUrl, String chart) throws IOException {
      RepoUrl url = RepoUrl.parse(repoUrl);
      String path = url.path().substring(1);
      String last = path.substring(path.lastIndexOf('/') + 1);
      String name = last.equals(chart) ? path : path + "/" + chart;
      if (!name.matches("[a-z0-9]+(?:[._/-][a-z0-9]+)*")) {
        throw new IOException("'" + name + "' is not an OCI repository name");
      }
      String port = url.port() == 443 ? "" : ":" + url.port();
      return new Ref("https://" + url.host() + port, name);
    }

    String display() {
      return "oci://" + origin.substring("https://".length()) + "/" + name;
    }
  }

  /** One pull: the authorization found by the first challenge is reused for the next requests. */
  private final class Session {
    private final Ref ref;
    private final Optional<RepoCredential> credential;
    private final ChartHttp.Limits limits;
    private final RepoUrl origin;
    private String authorization;

    Session(Ref ref, Optional<RepoCredential> credential, ChartHttp.Limits limits) {
      this.ref = ref;
      this.credential = credential;
      this.limits = limits;
      this.origin = RepoUrl.parse(ref.origin() + "/v2");
    }

    byte[] get(String suffix, String accept, long maxBytes) throws IOException {
      String url = ref.origin() + "/v2/" + ref.name() + suffix;
      ChartHttp.Limits l = new ChartHttp.Limits(limits.timeout(), maxBytes);
      Map<String, String> headers = Map.of("Accept", accept);
      ChartHttp.Response r = http.get(url, headers, credential, authorization, origin, l, true);
      if (r.status() == 401 && authorization == null) {
        authorization = challenge(r.header("WWW-Authenticate"));
        r = http.get(url, headers, credential, authorization, origin, l, true);
      }
      if (r.status() == 401 || r.status() == 403) {
        throw new IOException(
            ref.display()
                + " answered "
                + r.status()
                + (credential.isPresent()
                    ? ": the registry refused the stored credential"
                    : ": authentication required: this tenant has no repository credential for this URL"));
      }
      if (r.status() != 200) {
        throw new IOException(ref.display() + suffix + " answered " + r.status());
      }
      return r.body();
    }

    /** The Authorization header the challenge asks for (Docker's token flow, or Basic). */
    private String challenge(String header) throws IOException {
      Optional<RepoCredential.Https> basic =
          credential
              .filter(RepoCredential.Https.class::isInstance)
              .map(RepoCredential.Https.class::cast);
      if (header == null || header.regionMatches(true, 0, "Basic", 0, 5)) {
        return basic.map(b -> ChartHttp.basic(b.username(), b.password())).orElse(null);
      }
      if (!header.regionMatches(true, 0, "Bearer", 0, 6)) {
        throw new IOException(ref.display() + " asks for an unknown authentication scheme");
      }
      Map<String, String> params = new LinkedHashMap<>();
      Matcher m = PARAM.matcher(header);
      while (m.find()) {
        params.put(m.group(1), m.group(2));
      }
      String realm = params.remove("realm");
      if (realm == null) {
        throw new IOException(ref.display() + "'s token challenge names no realm");
      }
      params.putIfAbsent("scope", "repository:" + ref.name() + ":pull");
      StringBuilder url = new StringBuilder(realm);
      char sep = realm.contains("?") ? '&' : '?';
      for (var e : params.entrySet()) {
        url.append(sep)
            .append(e.getKey())
            .append('=')
            .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        sep = '&';
      }
      String auth = basic.map(b -> ChartHttp.basic(b.username(), b.password())).orElse(null);
      // The realm is the registry's token service: the credential goes there, as Docker sends it.
      RepoUrl realmOrigin = RepoUrl.parse(realm.replaceFirst("\\?.*$", ""));
      ChartHttp.Response token =
          http.get(url.toString(), Map.of(), credential, auth, realmOrigin, limits, true);
      if (token.status() != 200) {
        throw new IOException(
            ref.display()
                + ": the registry's token service answered "
                + token.status()
                + (basic.isPresent() ? " to the stored credential" : " (no credential stored)"));
      }
      JsonObject json = new JsonObject(new String(token.body(), StandardCharsets.UTF_8));
      String value = json.getString("token", json.getString("access_token"));
      if (value == null) {
        throw new IOException(ref.display() + ": the token service gave no token");
      }
      return "Bearer " + value;
    }
  }
}
