package io.gitops.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A private Git server over smart HTTP (read-only, JGit's UploadPack behind the JDK's HTTP server)
 * that demands HTTP basic authentication: for testing repository credentials.
 */
public final class GitHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final Repository repo;
  private final String expectedAuth;

  private GitHttpServer(HttpServer server, Repository repo, String user, String password) {
    this.server = server;
    this.repo = repo;
    this.expectedAuth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Serves the repository at {@code workTree} as {@code http://127.0.0.1:PORT/repo.git}. */
  public static GitHttpServer serve(Path workTree, String user, String password)
      throws IOException {
    Repository repo =
        new FileRepositoryBuilder().setWorkTree(workTree.toFile()).setMustExist(true).build();
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    GitHttpServer s = new GitHttpServer(http, repo, user, password);
    http.createContext("/repo.git/", s::handle);
    http.start();
    return s;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/repo.git";
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!expectedAuth.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        ex.sendResponseHeaders(401, -1);
        return;
      }
      String path = ex.getRequestURI().getPath();
      UploadPack pack = new UploadPack(repo);
      pack.setBiDirectionalPipe(false);
      if (path.endsWith("/info/refs")) {
        ex.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-advertisement");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        PacketLineOut pkt = new PacketLineOut(out);
        pkt.writeString("# service=git-upload-pack\n");
        pkt.end();
        pack.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(pkt));
        out.flush();
      } else if (path.endsWith("/git-upload-pack")) {
        // Whole request in, whole response out: the JDK server and JGit's stateless RPC agree on
        // that.
        byte[] request;
        try (InputStream raw = ex.getRequestBody();
            InputStream in =
                "gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new java.util.zip.GZIPInputStream(raw)
                    : raw) {
          request = in.readAllBytes();
        }
        java.io.ByteArrayOutputStream response = new java.io.ByteArrayOutputStream();
        pack.upload(new java.io.ByteArrayInputStream(request), response, null);
        ex.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-result");
        ex.sendResponseHeaders(200, response.size());
        ex.getResponseBody().write(response.toByteArray());
      } else {
        ex.sendResponseHeaders(404, -1);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    repo.close();
  }
}
