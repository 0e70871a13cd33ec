package io.gitops.cli.client;

import io.gitops.cli.CliException;
import io.gitops.cli.Exit;
import io.gitops.cli.Json;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The gateway's live status feed ({@code GET /ws/status}, docs/apis.md) over the JDK's WebSocket
 * client: the snapshot, then every change, as {@link FeedEvent}s in a queue the command reads with
 * its own deadline. The token goes in the Authorization header, never in the URL.
 */
public final class LiveFeed implements AutoCloseable {
  private final BlockingQueue<FeedEvent> events = new LinkedBlockingQueue<>();
  private final WebSocket socket;

  private LiveFeed(Api api, String query, Duration connectTimeout) {
    URI uri = feedUri(api.server(), query);
    try {
      this.socket =
          api.http()
              .newWebSocketBuilder()
              .header("Authorization", "Bearer " + api.token())
              .connectTimeout(connectTimeout)
              .buildAsync(uri, new Listener())
              .get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | CompletionException e) {
      throw handshakeFailure(api.server(), e.getCause());
    } catch (TimeoutException e) {
      throw new CliException(Exit.UNREACHABLE, "no answer from " + Api.Http.origin(uri));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(Exit.FAILED, "interrupted");
    }
  }

  /**
   * Opens the feed narrowed by {@code tenant} and {@code app} (either may be null), resuming after
   * {@code since} when it is above 0.
   */
  public static LiveFeed open(Api api, String tenant, String app, long since) {
    StringBuilder q = new StringBuilder();
    if (tenant != null) {
      q.append("&tenant=").append(Api.enc(tenant));
    }
    if (app != null) {
      q.append("&app=").append(Api.enc(app));
    }
    if (since > 0) {
      q.append("&since=").append(since);
    }
    return new LiveFeed(api, q.isEmpty() ? "" : "?" + q.substring(1), Duration.ofSeconds(15));
  }

  /** The next event, or null when none came within {@code wait}. */
  public FeedEvent next(Duration wait) throws InterruptedException {
    return events.poll(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
    socket.abort();
  }

  private static URI feedUri(URI server, String query) {
    String scheme = "https".equals(server.getScheme()) ? "wss" : "ws";
    return URI.create(scheme + "://" + server.getRawAuthority() + "/ws/status" + query);
  }

  private static CliException handshakeFailure(URI server, Throwable cause) {
    if (cause instanceof WebSocketHandshakeException h) {
      int status = h.getResponse().statusCode();
      Object body = h.getResponse().body();
      return Problem.of(status, body instanceof String s ? s : null);
    }
    return new CliException(
        Exit.UNREACHABLE,
        "cannot open the live feed at "
            + Api.Http.origin(server)
            + ": "
            + (cause == null ? "unknown error" : cause.getMessage()));
  }

  /** Collects text frames into messages; the JDK calls it on its own threads, one at a time. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          events.add(new FeedEvent.Message(Json.JSON.readTree(text)));
        } catch (Exception e) {
          events.add(new FeedEvent.Failed("the feed sent something that is not JSON"));
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      events.add(new FeedEvent.Closed(code, reason));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      events.add(new FeedEvent.Failed(String.valueOf(error.getMessage())));
    }
  }
}
