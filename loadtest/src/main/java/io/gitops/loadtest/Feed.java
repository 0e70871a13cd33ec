package io.gitops.loadtest;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How the harness sees apps turn Synced without taking the gateway's CPU: one WebSocket on the live
 * feed ({@code /ws/status}) as an operator, the way a dashboard follows every app. It keeps the
 * last state of each app and tells waiters when each app they wait for first matches.
 */
public final class Feed implements AutoCloseable {
  /** An app as the feed last described it. */
  public record State(String sync, String health, String revision) {
    public boolean synced(String rev) {
      return "Synced".equals(sync) && rev.equals(revision);
    }

    public boolean syncedHealthy(String rev) {
      return synced(rev) && "Healthy".equals(health);
    }
  }

  private final Map<String, State> states = new HashMap<>();
  private final List<Watch> watches = new ArrayList<>();
  private final List<Consumer<JsonObject>> listeners = new ArrayList<>();
  private final CountDownLatch snapshot = new CountDownLatch(1);
  private WebSocket socket;
  private long seq;
  private long changes;

  private Feed() {}

  public static Feed connect(Vertx vertx, int port, String token) throws Exception {
    Feed feed = new Feed();
    feed.vertx = vertx;
    feed.client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions().setMaxMessageSize(16 * 1024 * 1024));
    feed.port = port;
    feed.token = token;
    feed.open(null).await(60, TimeUnit.SECONDS);
    if (!feed.snapshot.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("no snapshot-complete on the feed within 5 minutes");
    }
    return feed;
  }

  private Vertx vertx;
  private WebSocketClient client;
  private int port;
  private String token;
  private volatile boolean closing;
  private int failedOpens; // on the socket's context only

  /**
   * Opens the socket; {@code since}: resume after that sequence number, as a dashboard does when
   * its connection drops (the gateway replays what it missed).
   */
  private io.vertx.core.Future<WebSocket> open(Long since) {
    return client
        .connect(
            new WebSocketConnectOptions()
                .setHost("localhost")
                .setPort(port)
                .setURI("/ws/status" + (since == null ? "" : "?since=" + since))
                .addHeader("Authorization", "Bearer " + token))
        .onSuccess(
            ws -> {
              if (failedOpens > 0) {
                Bench.log("the feed socket is open again after " + failedOpens + " refused tries");
                failedOpens = 0;
              }
              socket = ws;
              ws.textMessageHandler(this::onMessage);
              ws.closeHandler(
                  v -> {
                    if (!closing) {
                      Bench.log(
                          "the harness's feed socket closed ("
                              + ws.closeStatusCode()
                              + " "
                              + ws.closeReason()
                              + "); resuming from seq "
                              + seq());
                      open(seq());
                    }
                  });
            })
        .onFailure(
            err -> {
              if (failedOpens++ == 0) {
                Bench.log("cannot open the feed socket: " + err.getMessage() + "; trying again");
              }
              // The replica it follows may be restarting (a rolling restart, a kill): try again
              // until it is back, as a dashboard does.
              if (since != null && !closing) {
                vertx.setTimer(500, t -> open(since));
              }
            });
  }

  private synchronized void onMessage(String text) {
    JsonObject m = new JsonObject(text);
    String type = m.getString("type");
    if (m.containsKey("seq")) {
      seq = Math.max(seq, m.getLong("seq"));
    }
    listeners.forEach(l -> l.accept(m));
    switch (type) {
      case "snapshot-complete" -> snapshot.countDown();
      case "app", "change" -> {
        if (type.equals("change")) {
          changes++;
        }
        String key = m.getString("tenant") + "/" + m.getString("app");
        State s = new State(m.getString("sync"), m.getString("health"), m.getString("revision"));
        states.put(key, s);
        long now = System.nanoTime();
        for (Watch w : watches) {
          w.offer(key, s, now);
        }
      }
      case "deleted" -> states.remove(m.getString("tenant") + "/" + m.getString("app"));
      default -> {
        // resumed, pong: nothing to keep
      }
    }
  }

  /**
   * The latest sequence number seen: a client connecting with {@code since=} it gets no snapshot.
   */
  public synchronized long seq() {
    return seq;
  }

  /** Change messages received so far. */
  public synchronized long changes() {
    return changes;
  }

  public synchronized State state(String key) {
    return states.get(key);
  }

  /**
   * Starts waiting for each of {@code keys} to match {@code done}; apps that already match count at
   * once.
   */
  public synchronized Watch watch(Collection<String> keys, Done done) {
    Watch w = new Watch(keys, done);
    long now = System.nanoTime();
    for (String k : keys) {
      State s = states.get(k);
      if (s != null) {
        w.offer(k, s, now);
      }
    }
    watches.add(w);
    return w;
  }

  /** Every message from now on (on the feed's thread; keep it short). */
  public synchronized void listen(Consumer<JsonObject> listener) {
    listeners.add(listener);
  }

  /** What counts as done for one app. */
  public interface Done {
    boolean test(String key, State state);
  }

  /** Waiting for a set of apps; when each first matched (System.nanoTime). */
  public final class Watch {
    private final Map<String, Long> pending = new HashMap<>();
    private final Map<String, Long> doneAt = new HashMap<>();
    private final Done done;
    private final CountDownLatch all = new CountDownLatch(1);

    private Watch(Collection<String> keys, Done done) {
      this.done = done;
      keys.forEach(k -> pending.put(k, 0L));
      if (pending.isEmpty()) {
        all.countDown();
      }
    }

    private void offer(String key, State s, long now) {
      if (pending.containsKey(key) && done.test(key, s)) {
        pending.remove(key);
        doneAt.put(key, now);
        if (pending.isEmpty()) {
          all.countDown();
        }
      }
    }

    /** Waits until every app matched or the timeout; the times of those that did. */
    public Map<String, Long> await(Duration timeout) throws InterruptedException {
      all.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
      synchronized (Feed.this) {
        watches.remove(this);
        return new HashMap<>(doneAt);
      }
    }

    public int left() {
      synchronized (Feed.this) {
        return pending.size();
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    if (socket != null) {
      socket.close();
    }
  }
}
