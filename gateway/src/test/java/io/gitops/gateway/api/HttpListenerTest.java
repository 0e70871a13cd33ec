package io.gitops.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops.gateway.config.ConfigException;
import io.gitops.gateway.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * http.instances: several servers share one port and serve connections on different event loops.
 */
class HttpListenerTest {
  @Test
  void connectionsToOnePortAreServedOnSeveralEventLoops() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      router.get("/thread").handler(ctx -> ctx.end(Thread.currentThread().getName()));
      HttpListener listener =
          HttpApi.listen(vertx, router, "localhost", 0, 3).await(10, TimeUnit.SECONDS);
      assertThat(listener.port()).isPositive();

      Set<String> threads = new TreeSet<>();
      var client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
      for (int i = 0; i < 12; i++) {
        threads.add(
            client
                .request(HttpMethod.GET, listener.port(), "localhost", "/thread")
                .compose(req -> req.send().compose(res -> res.body()))
                .await(10, TimeUnit.SECONDS)
                .toString());
      }
      assertThat(threads).as("event loops that served the connections").hasSize(3);

      listener.close().await(10, TimeUnit.SECONDS);
      assertThat(
              client
                  .request(HttpMethod.GET, listener.port(), "localhost", "/thread")
                  .compose(req -> req.send())
                  .toCompletionStage()
                  .toCompletableFuture())
          .failsWithin(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void instancesDefaultToTheCoresAndABadValueNamesTheKey() {
    var config = ConfigLoader.fromTree(Map.of("http", Map.of("port", 0)), Map.of(), true);
    assertThat(config.http().instances()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(
            ConfigLoader.fromTree(Map.of("http", Map.of("instances", 4)), Map.of(), true)
                .http()
                .instances())
        .isEqualTo(4);
    assertThatThrownBy(
            () -> ConfigLoader.fromTree(Map.of("http", Map.of("instances", 0)), Map.of(), true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.instances");
  }
}
