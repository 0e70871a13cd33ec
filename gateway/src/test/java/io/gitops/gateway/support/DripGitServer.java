package io.gitops.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile Git server over HTTP: it answers info/refs at once with a valid start, then sends the
 * advertisement one byte a second for ever. Every read gets a byte before any per-read timeout, so
 * only a deadline on the whole fetch ends it. {@link #open} counts the responses still being sent:
 * it drops when the client gives up and closes the connection.
 */
public final class DripGitServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger served = new AtomicInteger();

  private DripGitServer(HttpServer server) {
    this.server = server;
  }

  public static DripGitServer start() throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    DripGitServer s = new DripGitServer(http);
    http.setExecutor(s.threads);
    http.createContext("/", s::handle);
    http.start();
    return s;
  }

  /** A repository URL on this server (any name answers the same way). */
  public String url(String name) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + ".git";
  }

  public int open() {
    return open.get();
  }

  public int served() {
    return served.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    open.incrementAndGet();
    served.incrementAndGet();
    try (ex) {
      ex.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-advertisement");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      out.write("001e# service=git-upload-pack\n0000".getBytes(StandardCharsets.US_ASCII));
      out.write("fff0".getBytes(StandardCharsets.US_ASCII)); // a long advertisement line follows…
      out.flush();
      while (!Thread.currentThread().isInterrupted()) {
        out.write('0'); // …one byte a second
        out.flush();
        Thread.sleep(1000);
      }
    } catch (IOException | InterruptedException e) {
      // the client hung up: what a deadline should make it do
    } finally {
      open.decrementAndGet();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
