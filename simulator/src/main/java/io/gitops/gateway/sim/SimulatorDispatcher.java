package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Function;

/**
 * fabric8's CRUD dispatcher with the parts of a real API server it lacks: every write goes through
 * {@link ObjectWrites} (server-side apply, strategic merge patch, generation, field ownership),
 * discovery is answered from {@link Discovery}, and workload status comes from {@link
 * WorkloadController}. Reads, lists, label selectors, watches and deletes stay fabric8's.
 */
final class SimulatorDispatcher extends KubernetesCrudDispatcher implements ObjectStore {
  private final Lock writeLock = writeLockOfSuper();
  private final Discovery discovery = new Discovery(this::storedCrds);
  private final ObjectWrites writes = new ObjectWrites(this, this::resolve);
  private final WorkloadController controller;
  private final MockWebServer server;

  SimulatorDispatcher(SimulatorOptions options, MockWebServer server) {
    this.controller = new WorkloadController(options, this::writeStatus);
    this.server = server;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      String path = request.getPath();
      return switch (request.method()) {
        case GET -> read(request, path);
        case POST, PUT, PATCH -> write(request, path);
        default -> super.dispatch(request);
      };
    } catch (SimulatorError e) {
      return json(e.code, e.toStatus());
    } finally {
      forgetRecordedRequests();
    }
  }

  /**
   * The mock web server keeps every request it served for {@code takeRequest()}; nobody takes them
   * here, so a long demo or load test would grow without bound. Drop them as we go.
   */
  private void forgetRecordedRequests() {
    try {
      while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
        // drop
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private MockResponse read(RecordedRequest request, String path) {
    if (path.equals("/version") || path.startsWith("/version?")) {
      return json(
          200,
          Json.object()
              .put("major", "1")
              .put("minor", "33")
              .put("gitVersion", "v1.33.0-simulated")
              .put("platform", "linux/amd64"));
    }
    Optional<ObjectNode> doc = discovery.answer(path);
    return doc.isPresent() ? json(200, doc.get()) : super.dispatch(request);
  }

  private MockResponse write(RecordedRequest request, String path) {
    ResourcePath p =
        ResourcePath.parse(path)
            .orElseThrow(
                () ->
                    new SimulatorError(
                        404,
                        "NotFound",
                        "the server could not find the requested resource",
                        null,
                        null,
                        List.of()));
    WriteResult result;
    writeLock.lock();
    try {
      result =
          writes.handle(
              request.method().name(),
              p,
              request.getHeader("Content-Type"),
              request.getUtf8Body(),
              request.getHeader("User-Agent"));
    } finally {
      writeLock.unlock();
    }
    if (!p.isStatus()) {
      controller.observe(result, p.query().containsKey("dryRun"));
    }
    return json(result.code(), result.object());
  }

  private void writeStatus(
      ResourcePath path, ApiResource resource, Function<ObjectNode, JsonNode> status) {
    writeLock.lock();
    try {
      Optional<ObjectNode> current = read(path);
      JsonNode next = current.map(status).orElse(null);
      if (next != null) {
        writes.updateStatus(path, resource, c -> next, WorkloadController.MANAGER);
      }
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public Optional<ObjectNode> read(ResourcePath objectPath) {
    Map.Entry<AttributeSet, String> entry = findResource(getKey(objectPath.objectPath()));
    return Optional.ofNullable(entry).map(e -> (ObjectNode) Json.parse(e.getValue()));
  }

  @Override
  public void put(ResourcePath objectPath, ObjectNode object) {
    String path = objectPath.objectPath();
    AttributeSet key = getKey(path);
    Map.Entry<AttributeSet, String> old = findResource(key);
    processEvent(path, key, old == null ? null : old.getKey(), null, Json.write(object));
  }

  @Override
  public long nextResourceVersion() {
    return requestResourceVersion();
  }

  private Optional<ApiResource> resolve(ResourcePath p) {
    return discovery.resources().stream()
        .filter(
            r ->
                r.group().equals(p.group())
                    && r.version().equals(p.version())
                    && r.plural().equals(p.plural()))
        .findFirst();
  }

  private List<JsonNode> storedCrds() {
    List<JsonNode> out = new ArrayList<>();
    MockResponse list = handleGet("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
    if (list.code() == 200 && list.getBody() != null) {
      Json.parse(list.getBody().readUtf8()).path("items").forEach(out::add);
    }
    return out;
  }

  void close() {
    controller.close();
  }

  private static MockResponse json(int code, JsonNode body) {
    return new MockResponse()
        .setResponseCode(code)
        .addHeader("Content-Type", "application/json")
        .setBody(Json.write(body));
  }

  /**
   * The CRUD dispatcher guards its map with a private read-write lock; writes computed here must
   * hold the same lock so that a concurrent list or watch never sees an object half replaced.
   */
  private Lock writeLockOfSuper() {
    try {
      Field f = KubernetesCrudDispatcher.class.getDeclaredField("lock");
      f.setAccessible(true);
      return ((ReadWriteLock) f.get(this)).writeLock();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "fabric8 KubernetesCrudDispatcher changed: no 'lock' field to share", e);
    }
  }
}
