package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Watches over plain HTTP, as kubectl and every client-go informer open them. The mock server under
 * the simulator answers a request only with a complete body (it streams watch events over WebSocket
 * alone, which the fabric8 client uses), so an HTTP watch is served as a long poll: the objects
 * changed since the asked resourceVersion as {@code MODIFIED} events and a {@code BOOKMARK} at the
 * current version, or, when nothing changed, that bookmark alone after {@link #POLL}. The watch
 * then ends and client-go's reflector watches again from the bookmark, so it sees every change
 * within about a second. A deletion since that version (which a poll cannot show) and a watch that
 * takes no bookmarks ({@code kubectl get -w}) are answered {@code 410 Gone}, reason {@code
 * Expired}, as a watch from a compacted version: a reflector lists again quietly.
 */
final class HttpWatches {
  static final Duration POLL = Duration.ofSeconds(1);

  private final AtomicLong lastDeletion = new AtomicLong();

  /** Remembers that something was deleted at {@code version}. */
  void deleted(long version) {
    lastDeletion.accumulateAndGet(version, Math::max);
  }

  /**
   * The answer to an HTTP watch of {@code path}; {@code list} answers a GET of a list path (with
   * its label and field selectors).
   */
  MockResponse answer(
      ResourcePath path, ApiResource resource, Function<String, MockResponse> list) {
    long since = version(path.query().get("resourceVersion"));
    if (!"true".equals(path.query().get("allowWatchBookmarks")) || since <= 0) {
      throw expired(path, "a watch without bookmarks, such as kubectl get -w, is not served");
    }
    if (lastDeletion.get() > since) {
      throw expired(path, "an object was deleted since (list again to see it gone)");
    }
    MockResponse current = list.apply(listPath(path));
    JsonNode items = current.getBody() == null ? null : Json.parse(current.getBody().readUtf8());
    long now = Math.max(since, version(Json.text(items, "metadata", "resourceVersion")));
    StringBuilder events = new StringBuilder();
    if (items != null) {
      for (JsonNode item : items.path("items")) {
        long v = version(Json.text(item, "metadata", "resourceVersion"));
        now = Math.max(now, v);
        if (v > since) {
          events.append(Json.write(Json.object().put("type", "MODIFIED").set("object", item)));
          events.append('\n');
        }
      }
    }
    boolean changed = events.length() > 0;
    ObjectNode bookmark =
        Json.object().put("kind", resource.kind()).put("apiVersion", path.apiVersion());
    bookmark.putObject("metadata").put("resourceVersion", Long.toString(now));
    events.append(Json.write(Json.object().put("type", "BOOKMARK").set("object", bookmark)));
    events.append('\n');
    MockResponse response =
        new MockResponse()
            .setResponseCode(200)
            .addHeader("Content-Type", "application/json")
            .setBody(events.toString());
    return changed ? response : response.setBodyDelay(POLL);
  }

  private static String listPath(ResourcePath path) {
    List<String> params = new ArrayList<>();
    for (Map.Entry<String, String> e : path.query().entrySet()) {
      if (e.getKey().equals("labelSelector") || e.getKey().equals("fieldSelector")) {
        params.add(
            e.getKey()
                + "="
                + java.net.URLEncoder.encode(
                    e.getValue(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return path.objectPath() + (params.isEmpty() ? "" : "?" + String.join("&", params));
  }

  private static long version(String v) {
    try {
      return v == null || v.isEmpty() ? 0 : Long.parseLong(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static SimulatorError expired(ResourcePath path, String why) {
    String rv = path.query().getOrDefault("resourceVersion", "");
    return new SimulatorError(
        410,
        "Expired",
        "too old resource version: "
            + (rv.isEmpty() ? "0" : rv)
            + " (the simulated API server serves HTTP watches as long polls: "
            + why
            + ")",
        null,
        null,
        List.of());
  }
}
