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
  private final HttpWatches httpWatches = new HttpWatches();
  private final OpenWatches openWatches = new OpenWatches();
  private final OpenApi openApi = new OpenApi(discovery::resources);
  private final ObjectWrites writes = new ObjectWrites(this, this::resolve);
  private final WriteCounts writeCounts = new WriteCounts();
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
      MockResponse response =
          switch (request.method()) {
            case GET -> read(request, path);
            case POST, PUT, PATCH -> write(request, path);
            case DELETE -> delete(request, path);
            default -> super.dispatch(request);
          };
      if (response.getWebSocketListener() != null) {
        response = response.withWebSocketUpgrade(new WatchCloses(response.getWebSocketListener()));
      }
      // fabric8's answers carry no Content-Type; client-go's typed clients, which ask for
      // protobuf first, would then read the JSON as protobuf
      if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
        response.setHeader("Content-Type", "application/json");
      }
      return response;
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
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if (bare.equals(WriteCounts.PATH)) {
      return json(200, writeCounts.toJson());
    }
    if (bare.equals("/openapi") || bare.startsWith("/openapi/")) {
      return json(
          200,
          openApi
              .answer(bare)
              .orElseThrow(
                  () ->
                      new SimulatorError(
                          404,
                          "NotFound",
                          "the server could not find the requested resource (the simulator serves"
                              + " a minimal OpenAPI v3 only)",
                          null,
                          null,
                          List.of())));
    }
    Optional<ObjectNode> doc = discovery.answer(path);
    if (doc.isPresent()) {
      return json(200, doc.get());
    }
    Optional<ResourcePath> resourcePath = ResourcePath.parse(path);
    if (resourcePath.isPresent()
        && "true".equals(resourcePath.get().query().get("watch"))
        && !isWebSocketUpgrade(request)) {
      ResourcePath p = resourcePath.get();
      ApiResource resource = resolve(p).orElseThrow(() -> SimulatorError.notFound(p, p.plural()));
      return httpWatches.answer(p, resource, this::handleGet);
    }
    if (resourcePath.isPresent() && Scales.SUBRESOURCE.equals(resourcePath.get().subresource())) {
      ResourcePath p = resourcePath.get();
      Scales.requireScalable(p);
      return json(200, Scales.of(read(p).orElseThrow(() -> SimulatorError.notFound(p, p.name()))));
    }
    MockResponse answer = withStatusBody(resourcePath, super.dispatch(request));
    if (resourcePath.isPresent() && Tables.wanted(request.getHeader("Accept"))) {
      return table(resourcePath.get(), answer);
    }
    if (resourcePath.isPresent()) {
      return typedList(resourcePath.get(), answer);
    }
    return answer;
  }

  /**
   * fabric8 answers a list as {@code v1 List}; the real server names it {@code <Kind>List} in the
   * group/version asked for, and client-go's typed clients (kubectl rollout, describe) decode only
   * that.
   */
  private MockResponse typedList(ResourcePath p, MockResponse answer) {
    Optional<ApiResource> resource = resolve(p);
    if (answer.code() != 200
        || answer.getBody() == null
        || p.name() != null
        || p.subresource() != null
        || resource.isEmpty()) {
      return answer;
    }
    JsonNode body = Json.parse(answer.getBody().readUtf8());
    if (body instanceof ObjectNode list && "List".equals(Json.text(list, "kind"))) {
      list.put("kind", resource.get().kind() + "List").put("apiVersion", p.apiVersion());
      if (list.get("metadata") instanceof ObjectNode meta) {
        meta.remove("selfLink");
      }
    }
    return json(200, body);
  }

  /**
   * {@code propagationPolicy: Orphan}, in the query or the DeleteOptions body: what the deleted
   * object owns stays, as the garbage collector leaves it.
   */
  private static boolean orphans(ResourcePath path, String body) {
    if ("Orphan".equals(path.query().get("propagationPolicy"))) {
      return true;
    }
    if (body == null || body.isBlank()) {
      return false;
    }
    try {
      return "Orphan".equals(Json.parse(body).path("propagationPolicy").asText());
    } catch (SimulatorError e) {
      return false;
    }
  }

  /** A dry run asked in the query or, as kubectl delete sends it, in the DeleteOptions body. */
  private static boolean isDryRun(ResourcePath path, String body) {
    if (path.query().containsKey("dryRun")) {
      return true;
    }
    if (body == null || body.isBlank()) {
      return false;
    }
    try {
      JsonNode options = Json.parse(body);
      return options.path("dryRun").isArray() && !options.path("dryRun").isEmpty();
    } catch (SimulatorError e) {
      return false; // not JSON: fabric8 answers as it does
    }
  }

  /** fabric8 answers a missing object with an empty 404; the real server with a Status. */
  private static MockResponse withStatusBody(Optional<ResourcePath> path, MockResponse answer) {
    if (answer.code() != 404
        || path.isEmpty()
        || path.get().name() == null
        || (answer.getBody() != null && answer.getBody().size() > 0)) {
      return answer;
    }
    return json(404, SimulatorError.notFound(path.get(), path.get().name()).toStatus());
  }

  /** fabric8's WebSocket watch, counted while open (see {@link OpenWatches}). */
  @Override
  public MockResponse handleWatch(String path) {
    MockResponse response = super.handleWatch(path);
    Optional<ResourcePath> p = ResourcePath.parse(path);
    if (response.getWebSocketListener() != null && p.isPresent()) {
      String resource = OpenWatches.key(p.get().group(), p.get().plural());
      response.withWebSocketUpgrade(openWatches.counted(resource, response.getWebSocketListener()));
    }
    return response;
  }

  /** WebSocket watches open now on {@code resource} ({@code group/plural}; core: plural alone). */
  int openWatches(String resource) {
    return openWatches.count(resource);
  }

  int openWatches() {
    return openWatches.total();
  }

  private static boolean isWebSocketUpgrade(RecordedRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  /**
   * The answer to a GET as the Table kubectl asked for; a watch, a subresource or an error stays as
   * it is.
   */
  private MockResponse table(ResourcePath p, MockResponse answer) {
    Optional<ApiResource> resource = resolve(p);
    if (answer.code() != 200
        || answer.getBody() == null
        || p.subresource() != null
        || "true".equals(p.query().get("watch"))
        || resource.isEmpty()) {
      return answer;
    }
    JsonNode body = Json.parse(answer.getBody().readUtf8());
    return json(200, Tables.of(body, resource.get().kind(), p.query().get("includeObject")));
  }

  private MockResponse write(RecordedRequest request, String path) {
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.startsWith("application/vnd.kubernetes.protobuf")) {
      // client-go's typed clients send protobuf (kubectl create deployment/namespace, kubectl run)
      throw new SimulatorError(
          415,
          "UnsupportedMediaType",
          "the simulated API server reads JSON and YAML bodies only, not "
              + "application/vnd.kubernetes.protobuf (sent by kubectl create <kind> and kubectl run);"
              + " write the object to a file and use kubectl apply -f or kubectl create -f",
          null,
          null,
          List.of());
    }
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
              contentType,
              request.getUtf8Body(),
              request.getHeader("User-Agent"));
    } finally {
      writeLock.unlock();
    }
    if (!p.isStatus()) {
      controller.observe(result, p.query().containsKey("dryRun"));
    }
    if (!p.query().containsKey("dryRun")) {
      writeCounts.count(request.method().name(), contentType, result);
    }
    return json(
        result.code(),
        Scales.SUBRESOURCE.equals(p.subresource()) ? Scales.of(result.object()) : result.object());
  }

  private void writeStatus(
      ResourcePath path, ApiResource resource, Function<ObjectNode, JsonNode> status) {
    writeLock.lock();
    try {
      Optional<ObjectNode> current = read(path);
      JsonNode next = current.map(status).orElse(null);
      if (next != null && resource.kind().equals("Deployment")) {
        long revision = DeploymentRevisions.reconcile(this, writes, path, current.get());
        writes.updateStatus(
            path,
            resource,
            c -> next,
            WorkloadController.MANAGER,
            Map.of(DeploymentRevisions.REVISION, Long.toString(revision)));
      } else if (next != null) {
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
  public List<ObjectNode> list(ResourcePath collection) {
    List<ObjectNode> out = new ArrayList<>();
    MockResponse list = handleGet(collection.objectPath());
    if (list.code() == 200 && list.getBody() != null) {
      Json.parse(list.getBody().readUtf8()).path("items").forEach(i -> out.add((ObjectNode) i));
    }
    return out;
  }

  /**
   * fabric8's delete, and for a Deployment also the ReplicaSets it owned, as the garbage collector
   * removes them (unless the delete orphans them).
   */
  private MockResponse delete(RecordedRequest request, String path) {
    // read once, before isDryRun and fabric8's own handling read the request again
    String body = request.getUtf8Body();
    Optional<ResourcePath> target = ResourcePath.parse(path);
    if (target.isPresent() && target.get().name() != null && isDryRun(target.get(), body)) {
      ResourcePath t = target.get();
      return json(200, read(t).orElseThrow(() -> SimulatorError.notFound(t, t.name())));
    }
    Optional<ResourcePath> p =
        ResourcePath.parse(path)
            .filter(
                r ->
                    r.group().equals("apps")
                        && r.plural().equals("deployments")
                        && r.name() != null
                        && r.subresource() == null);
    List<ResourcePath> owned = List.of();
    if (p.isPresent() && !orphans(p.get(), body)) {
      writeLock.lock();
      try {
        owned =
            read(p.get())
                .map(d -> DeploymentRevisions.ownedReplicaSets(this, p.get(), d))
                .orElse(List.of());
      } finally {
        writeLock.unlock();
      }
    }
    MockResponse response = withStatusBody(target, super.dispatch(request));
    if (response.code() < 300) {
      owned.forEach(rs -> handleDelete(rs.objectPath()));
      httpWatches.deleted(requestResourceVersion());
    }
    return response;
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
