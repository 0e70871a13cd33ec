package io.gitops.gateway.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitops.gateway.model.Revision;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.render.ChartArchive;
import io.gitops.gateway.render.HelmRepoIndex;
import io.gitops.gateway.render.RenderException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Charts from Helm chart repositories ({@code index.yaml} over HTTPS) and OCI registries ({@code
 * oci://}, see {@link OciCharts}): the version range resolved against the index, the archive
 * downloaded, its SHA-256 checked against the index and kept on disk by digest, then unpacked in
 * memory with its dependencies fetched from their own repositories the same way. All on the git
 * pool; every repository, dependencies' included, must be in the tenant's sourceRepos and pass the
 * operator's URL policy (on every request, redirects included); credentials are the tenant's own,
 * looked up like Git credentials and sent only to their repository's origin.
 */
public final class HelmCharts {
  private static final Logger LOG = Logger.getLogger(HelmCharts.class.getName());
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final long MAX_CACHED_INDEX_BYTES = 128L << 20;

  /** What one chart may cost; the deadline is the Git fetch's ({@code git.fetch-timeout}). */
  record Limits(long maxIndexBytes, long maxArchiveBytes, long maxUnpackedBytes, int maxFiles) {
    static Limits defaults() {
      return new Limits(64L << 20, 16L << 20, 64L << 20, 10_000);
    }
  }

  private record Indexed(byte[] yaml, Instant at) {}

  private final WorkerExecutor pool;
  private final Path cacheDir;
  private final SourceOptions options;
  private final ChartHttp http;
  private final OciCharts oci;
  private final Limits limits = Limits.defaults();
  private final TenantSlots slots;

  /**
   * Indexes by repository and credential scope, least recently used first; bounded in bytes, so a
   * tenant naming many repositories with huge indexes cannot fill the heap.
   */
  private final Map<String, Indexed> indexes =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Indexed> eldest) {
              long total = 0;
              for (Indexed i : values()) {
                total += i.yaml().length;
              }
              return total > MAX_CACHED_INDEX_BYTES && size() > 1;
            }
          });

  private final Map<TenantRepo, String> problems = new ConcurrentHashMap<>();

  /**
   * Each cached index's entries by chart, parsed once (a 12 MB index takes about a second to
   * stream); keyed by the index's bytes, so a refreshed index drops them with the old bytes.
   */
  private final Map<byte[], Map<String, List<HelmRepoIndex.Entry>>> parsed =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  HelmCharts(
      WorkerExecutor pool,
      Path cacheDir,
      SourceOptions options,
      RepoUrlPolicy urls,
      TenantSlots slots) {
    this.pool = pool;
    this.slots = slots;
    this.cacheDir = cacheDir;
    this.options = options;
    this.http = new ChartHttp(urls);
    this.oci = new OciCharts(http);
  }

  /** Fetches the repository's index now (a poll, a refresh, a webhook). */
  Future<Void> refresh(TenantRepo repo) {
    return blocking(
        repo,
        () -> {
          if (!OciCharts.isOci(repo.url())) {
            index(repo, credential(repo.tenant(), repo.url()), true);
          }
          return null;
        });
  }

  /** The version {@code target} resolves to now. */
  Future<Revision> resolve(TenantRepo repo, String target) {
    return blocking(repo, () -> new Revision(version(repo, target)));
  }

  /** The chart at the version {@code target} resolves to, dependencies included. */
  Future<Snapshot> snapshot(TenantRepo repo, String target) {
    return blocking(
        repo,
        () -> {
          Optional<RepoCredential> credential = credential(repo.tenant(), repo.url());
          String version = version(repo, target);
          byte[] tgz = archive(repo.tenant(), repo.url(), repo.chart(), version, credential);
          Map<String, byte[]> files = unpack(tgz, repo.chart());
          String chartDir = topFolder(files, repo.chart());
          StringBuilder digest = new StringBuilder(ChartArchive.sha256(tgz));
          fetchDependencies(repo.tenant(), files, chartDir, digest);
          return new Snapshot(
              repo.url(),
              new Revision(version),
              new ChartFiles(files, chartDir, ChartArchive.sha256(digest.toString().getBytes())));
        });
  }

  /** Why the chart cannot be had now, in words a person can act on; empty when it can. */
  Optional<String> problem(TenantRepo repo) {
    return Optional.ofNullable(problems.get(repo));
  }

  private interface Job<T> {
    T run() throws Exception;
  }

  /** On the git pool, within the tenant's fetch slots (git.fetches-per-tenant), as Git fetches. */
  private <T> Future<T> blocking(TenantRepo repo, Job<T> job) {
    return slots
        .<T>run(
            repo.tenant(),
            () ->
                pool.<T>executeBlocking(
                    () -> {
                      admitted(repo.tenant(), repo.url());
                      return job.run();
                    },
                    false))
        .andThen(
            r -> {
              if (r.succeeded()) {
                problems.remove(repo);
              } else {
                String reason = RepoUrls.redact(String.valueOf(r.cause().getMessage()));
                problems.put(repo, "cannot fetch chart " + repo.chart() + ": " + reason);
                LOG.info(
                    () ->
                        "chart "
                            + repo.chart()
                            + " of "
                            + RepoUrls.redact(repo.url())
                            + ": "
                            + reason);
              }
            });
  }

  private String version(TenantRepo repo, String target) throws Exception {
    Optional<RepoCredential> credential = credential(repo.tenant(), repo.url());
    if (OciCharts.isOci(repo.url())) {
      return oci.resolve(repo.url(), repo.chart(), target, credential, requestLimits(1 << 20));
    }
    return entry(repo.url(), repo.chart(), target, index(repo, credential, false)).version();
  }

  private HelmRepoIndex.Entry entry(String url, String chart, String target, byte[] index)
      throws IOException {
    Map<String, List<HelmRepoIndex.Entry>> charts =
        parsed.computeIfAbsent(index, k -> new ConcurrentHashMap<>());
    List<HelmRepoIndex.Entry> versions = charts.get(chart);
    if (versions == null) {
      try {
        versions = HelmRepoIndex.versions(index, chart);
      } catch (RenderException e) {
        throw new IOException(e.getMessage());
      }
      charts.put(chart, versions);
    }
    if (versions.isEmpty()) {
      throw new IOException("chart '" + chart + "' is not in the index of " + RepoUrls.redact(url));
    }
    int count = versions.size();
    return HelmRepoIndex.resolve(versions, target)
        .orElseThrow(
            () ->
                new IOException(
                    "no version of chart '"
                        + chart
                        + "' matches '"
                        + target
                        + "' (the index has "
                        + count
                        + " versions)"));
  }

  /** The index, from memory when younger than the poll interval unless {@code fresh}. */
  private byte[] index(TenantRepo repo, Optional<RepoCredential> credential, boolean fresh)
      throws IOException {
    String key =
        (credential.isPresent() ? "tenant:" + repo.tenant().value() + "\n" : "") + repo.url();
    Indexed cached = indexes.get(key);
    if (!fresh
        && cached != null
        && cached.at().plus(options.pollInterval()).isAfter(Instant.now())) {
      return cached.yaml();
    }
    String url = repo.url().endsWith("/") ? repo.url() : repo.url() + "/";
    byte[] yaml = get(url + "index.yaml", repo.url(), credential, limits.maxIndexBytes());
    indexes.put(key, new Indexed(yaml, Instant.now()));
    return yaml;
  }

  /** The archive of chart {@code name} at {@code version}: from the cache by digest, or fetched. */
  private byte[] archive(
      TenantId tenant,
      String repoUrl,
      String name,
      String version,
      Optional<RepoCredential> credential)
      throws Exception {
    if (OciCharts.isOci(repoUrl)) {
      OciCharts.Blob blob =
          oci.chart(repoUrl, name, version, credential, requestLimits(limits.maxArchiveBytes()));
      return cached(blob.digest(), blob::bytes);
    }
    TenantRepo repo = new TenantRepo(tenant, repoUrl, name);
    HelmRepoIndex.Entry entry = entry(repoUrl, name, version, index(repo, credential, false));
    String base = repoUrl.endsWith("/") ? repoUrl : repoUrl + "/";
    String tgzUrl = URI.create(base).resolve(entry.urls().get(0)).toString();
    if (entry.digest().isEmpty()) {
      throw new IOException(
          "the index gives no digest for " + name + " " + version + ": refused unchecked");
    }
    return cached(entry.digest(), () -> get(tgzUrl, repoUrl, credential, limits.maxArchiveBytes()));
  }

  private interface Download {
    byte[] get() throws IOException;
  }

  /** The archive whose SHA-256 is {@code digest}; a download that does not match is refused. */
  private byte[] cached(String digest, Download download) throws IOException {
    if (!digest.matches("[0-9a-f]{64}")) {
      throw new IOException("the chart's digest is not a SHA-256: " + digest);
    }
    Path file = cacheDir.resolve(digest + ".tgz");
    if (Files.exists(file)) {
      byte[] bytes = Files.readAllBytes(file);
      if (ChartArchive.sha256(bytes).equals(digest)) {
        return bytes;
      }
    }
    byte[] bytes = download.get();
    String actual = ChartArchive.sha256(bytes);
    if (!actual.equals(digest)) {
      throw new IOException(
          "the chart archive's digest sha256:"
              + actual
              + " is not the index's sha256:"
              + digest
              + ": refused");
    }
    Files.createDirectories(cacheDir);
    Path tmp = Files.createTempFile(cacheDir, "dl-", ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return bytes;
  }

  private Map<String, byte[]> unpack(byte[] tgz, String chart) throws IOException {
    try {
      return new TreeMap<>(ChartArchive.unpack(tgz, limits.maxUnpackedBytes(), limits.maxFiles()));
    } catch (ChartArchive.Invalid e) {
      throw new IOException("chart " + chart + ": " + e.getMessage());
    }
  }

  private static String topFolder(Map<String, byte[]> files, String chart) throws IOException {
    for (String path : files.keySet()) {
      int slash = path.indexOf('/');
      if (slash > 0 && path.substring(slash + 1).equals("Chart.yaml")) {
        return path.substring(0, slash);
      }
    }
    throw new IOException("chart archive of " + chart + " has no NAME/Chart.yaml");
  }

  /**
   * Chart.yaml's dependencies that are not vendored in {@code charts/}: fetched from their
   * repositories (https or oci, within the tenant's sourceRepos) into {@code charts/NAME-VER.tgz}.
   */
  private void fetchDependencies(
      TenantId tenant, Map<String, byte[]> files, String chartDir, StringBuilder digest)
      throws Exception {
    JsonNode chartYaml = YAML.readTree(files.get(chartDir + "/Chart.yaml"));
    for (JsonNode dep : chartYaml.path("dependencies")) {
      String name = dep.path("name").asText("");
      String version = dep.path("version").asText("");
      String repository = dep.path("repository").asText("");
      if (name.isEmpty() || vendored(files, chartDir, name)) {
        continue;
      }
      if (!repository.startsWith("https://")
          && !repository.startsWith("http://")
          && !repository.startsWith("oci://")) {
        throw new IOException(
            "dependency '"
                + name
                + "' is not in charts/ and its repository '"
                + repository
                + "' is not an https:// or oci:// URL");
      }
      String depRepo = OciCharts.isOci(repository) ? repository + "/" + name : repository;
      admitted(tenant, depRepo);
      Optional<RepoCredential> credential = credential(tenant, depRepo);
      String resolved =
          OciCharts.isOci(repository)
              ? oci.resolve(depRepo, name, version, credential, requestLimits(1 << 20))
              : entry(
                      repository,
                      name,
                      version,
                      index(new TenantRepo(tenant, repository, name), credential, false))
                  .version();
      byte[] tgz = archive(tenant, depRepo, name, resolved, credential);
      unpack(tgz, name); // checked now, not by Helm later
      files.put(chartDir + "/charts/" + name + "-" + resolved + ".tgz", tgz);
      digest.append(' ').append(ChartArchive.sha256(tgz));
    }
  }

  private static boolean vendored(Map<String, byte[]> files, String chartDir, String name) {
    String charts = chartDir + "/charts/";
    return files.keySet().stream()
        .anyMatch(
            p ->
                p.startsWith(charts + name + "/")
                    || (p.startsWith(charts + name + "-") && p.endsWith(".tgz")));
  }

  /**
   * Before every fetch: the tenant's sourceRepos as loaded now (the URL policy is checked on every
   * request by {@link ChartHttp}).
   */
  private void admitted(TenantId tenant, String url) throws IOException {
    if (tenant != null && !options.sourceRepos().allows(tenant, url)) {
      throw new IOException(
          "repository URL refused: it is not among tenant " + tenant.value() + "'s sourceRepos");
    }
  }

  /** The tenant's own credential (exact URL, else the longest prefix); waited for on the pool. */
  private Optional<RepoCredential> credential(TenantId tenant, String url) throws Exception {
    if (tenant == null) {
      return Optional.empty();
    }
    return options
        .credentials()
        .find(tenant, url)
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  private byte[] get(String url, String repoUrl, Optional<RepoCredential> credential, long maxBytes)
      throws IOException {
    String authorization =
        credential.orElse(null) instanceof RepoCredential.Https h
            ? ChartHttp.basic(h.username(), h.password())
            : null;
    ChartHttp.Response r =
        http.get(
            url,
            Map.of(),
            credential,
            authorization,
            RepoUrl.parse(repoUrl),
            requestLimits(maxBytes),
            true);
    if (r.status() == 401 || r.status() == 403) {
      throw new IOException(
          RepoUrls.redact(repoUrl)
              + " answered "
              + r.status()
              + (credential.isPresent()
                  ? ": the server rejected the stored credential"
                  : ": authentication required: this tenant has no repository credential for this URL"));
    }
    if (r.status() != 200) {
      throw new IOException("GET " + RepoUrls.redact(url) + " answered " + r.status());
    }
    return r.body();
  }

  private ChartHttp.Limits requestLimits(long maxBytes) {
    Duration timeout = options.limits().timeout();
    return new ChartHttp.Limits(timeout, maxBytes);
  }
}
