package io.gitops.gateway.support;

import static org.awaitility.Awaitility.await;

import io.gitops.gateway.render.ChartArchive;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.FileInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (the CNCF distribution registry,
 * scripts/docker-registry.sh) on a loopback port over TLS with a certificate made here, requiring
 * Docker's token authentication from a token service this class runs (Vert.x, loopback): the
 * service gives a token signed by the registry's trusted key only for the right basic credentials.
 * Skipped with a message when the binary is absent, failed instead when
 * DOCKER_REGISTRY_REQUIRED=true (as in CI). Charts are pushed through the registry's HTTP API, as
 * {@code helm push} does.
 */
public final class OciRegistry implements AutoCloseable {
  public static final String SERVICE = "test-registry";
  private static final String ISSUER = "test-token-issuer";

  private final Process process;
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer tokenServer;
  private final PrivateKey key;
  private final X509Certificate cert;
  private final HttpClient client;
  private final String username;
  private final String password;
  public final int port;
  public final String caPem;
  public final List<String> tokenRequests = new CopyOnWriteArrayList<>();

  /** The binary, or a skip (a failure when required). */
  public static Path binary() {
    Path bin =
        Path.of(
            System.getenv()
                .getOrDefault(
                    "DOCKER_REGISTRY_BIN",
                    System.getProperty("user.home")
                        + "/.cache/gitops-gateway/docker-registry/usr/bin/docker-registry"));
    boolean present = Files.isExecutable(bin);
    if (!present && "true".equals(System.getenv("DOCKER_REGISTRY_REQUIRED"))) {
      throw new IllegalStateException(
          "docker-registry not found at " + bin + " (run scripts/docker-registry.sh)");
    }
    if (!present) {
      System.err.println(
          "*** SKIPPING OCI registry tests: docker-registry not found at "
              + bin
              + " (run scripts/docker-registry.sh, or set DOCKER_REGISTRY_BIN) ***");
    }
    Assumptions.assumeTrue(present, "docker-registry not found at " + bin);
    return bin;
  }

  public OciRegistry(Path work, String username, String password) throws Exception {
    this.username = username;
    this.password = password;
    Path bin = binary();
    Path dir = Files.createDirectories(work.resolve("registry"));
    Path store = dir.resolve("keystore.p12");
    run(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair",
        "-alias",
        "reg",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = new FileInputStream(store.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    key = (PrivateKey) ks.getKey("reg", "changeit".toCharArray());
    cert = (X509Certificate) ks.getCertificate("reg");
    caPem = pem("CERTIFICATE", cert.getEncoded());
    Files.writeString(dir.resolve("cert.pem"), caPem);
    Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));

    tokenServer =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  tokenRequests.add(String.valueOf(req.query()));
                  String expected =
                      "Basic "
                          + Base64.getEncoder()
                              .encodeToString(
                                  (username + ":" + password).getBytes(StandardCharsets.UTF_8));
                  if (!expected.equals(req.getHeader("Authorization"))) {
                    req.response().setStatusCode(401).end();
                    return;
                  }
                  String scope = req.getParam("scope", "");
                  String[] parts = scope.split(":");
                  String token =
                      parts.length == 3 ? token(parts[1], List.of("pull")) : token(null, List.of());
                  req.response()
                      .putHeader("content-type", "application/json")
                      .end(new JsonObject().put("token", token).encode());
                })
            .listen(0, "127.0.0.1")
            .await(30, TimeUnit.SECONDS);

    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        "version: 0.1\n"
            + "log: {level: warn}\n"
            + "storage: {filesystem: {rootdirectory: "
            + dir.resolve("data")
            + "}}\n"
            + "http:\n  addr: 127.0.0.1:"
            + port
            + "\n  secret: test-secret-not-used\n  tls: {certificate: "
            + dir.resolve("cert.pem")
            + ", key: "
            + dir.resolve("key.pem")
            + "}\n"
            + "auth:\n  token:\n    realm: http://127.0.0.1:"
            + tokenServer.actualPort()
            + "/token\n    service: "
            + SERVICE
            + "\n    issuer: "
            + ISSUER
            + "\n    rootcertbundle: "
            + dir.resolve("cert.pem")
            + "\n");
    process =
        new ProcessBuilder(bin.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ca", cert);
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> send(HttpRequest.newBuilder(uri("/v2/")).GET()).statusCode() == 401);
  }

  public String host() {
    return "127.0.0.1:" + port;
  }

  /**
   * Pushes a packaged chart as Helm does: config and chart layer blobs, then the OCI manifest
   * tagged with the version.
   */
  public void push(String repository, String version, byte[] tgz) throws Exception {
    String token = token(repository, List.of("pull", "push"));
    byte[] config =
        new JsonObject()
            .put("name", repository.substring(repository.lastIndexOf('/') + 1))
            .put("version", version)
            .put("apiVersion", "v2")
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    String configDigest = upload(repository, token, config);
    String chartDigest = upload(repository, token, tgz);
    JsonObject manifest =
        new JsonObject()
            .put("schemaVersion", 2)
            .put("mediaType", "application/vnd.oci.image.manifest.v1+json")
            .put(
                "config",
                new JsonObject()
                    .put("mediaType", "application/vnd.cncf.helm.config.v1+json")
                    .put("digest", configDigest)
                    .put("size", config.length))
            .put(
                "layers",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("mediaType", "application/vnd.cncf.helm.chart.content.v1.tar+gzip")
                            .put("digest", chartDigest)
                            .put("size", tgz.length)));
    var put =
        send(
            HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + version))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(manifest.encode())));
    if (put.statusCode() != 201) {
      throw new IllegalStateException("manifest push: " + put.statusCode() + " " + put.body());
    }
  }

  private String upload(String repository, String token, byte[] blob) throws Exception {
    String digest = "sha256:" + ChartArchive.sha256(blob);
    var start =
        send(
            HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    if (start.statusCode() != 202) {
      throw new IllegalStateException("upload start: " + start.statusCode() + " " + start.body());
    }
    String location = start.headers().firstValue("Location").orElseThrow();
    URI target = uri("/").resolve(location);
    String sep = target.getQuery() == null ? "?" : "&";
    var put =
        send(
            HttpRequest.newBuilder(URI.create(target + sep + "digest=" + digest))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)));
    if (put.statusCode() != 201) {
      throw new IllegalStateException("upload: " + put.statusCode() + " " + put.body());
    }
    return digest;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("https://127.0.0.1:" + port + path);
  }

  /** A registry token (Docker's JWT, RS256 with the certificate in x5c) for these actions. */
  private String token(String repository, List<String> actions) {
    try {
      JsonObject header =
          new JsonObject()
              .put("typ", "JWT")
              .put("alg", "RS256")
              .put(
                  "x5c",
                  new JsonArray().add(Base64.getEncoder().encodeToString(cert.getEncoded())));
      long now = Instant.now().getEpochSecond();
      JsonArray access = new JsonArray();
      if (repository != null) {
        access.add(
            new JsonObject()
                .put("type", "repository")
                .put("name", repository)
                .put("actions", new JsonArray(actions)));
      }
      JsonObject claims =
          new JsonObject()
              .put("iss", ISSUER)
              .put("sub", username)
              .put("aud", SERVICE)
              .put("exp", now + 300)
              .put("nbf", now - 10)
              .put("iat", now)
              .put("jti", java.util.UUID.randomUUID().toString())
              .put("access", access);
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String signingInput =
          b64.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8))
              + "."
              + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
      Signature sig = Signature.getInstance("SHA256withRSA");
      sig.initSign(key);
      sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(sig.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + ": " + out);
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  /** Who may get tokens: for the test's credential. */
  public String username() {
    return username;
  }

  public String password() {
    return password;
  }
}
