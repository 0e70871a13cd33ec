package io.gitops.gateway.store;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.notify.NotificationRecords;
import io.gitops.gateway.notify.Preset;
import io.gitops.gateway.notify.Target;
import io.gitops.gateway.notify.Trigger;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Notification targets and deliveries. A target's URL and headers are encrypted together ({@link
 * CredentialCipher}, bound to the tenant and target name) before they reach PostgreSQL; only the
 * URL's scheme, host and port and the header names are kept in the clear, for listing.
 */
public final class NotificationStore implements NotificationRecords {
  private static final String UPSERT = Sql.load("notification-target-upsert");
  private static final String LIST = Sql.load("notification-target-list");
  private static final String DELETE = Sql.load("notification-target-delete");
  private static final String DELIVERY_INSERT = Sql.load("notification-delivery-insert");
  private static final String DELIVERY_UPDATE = Sql.load("notification-delivery-update");
  private static final String DELIVERY_PAGE = Sql.load("notification-delivery-page");
  private static final String DELIVERY_EXPIRE = Sql.load("notification-delivery-expire");

  private final Pool pool;
  private final CredentialCipher cipher;

  public NotificationStore(Pool pool, CredentialCipher cipher) {
    this.pool = pool;
    this.cipher = cipher;
  }

  @Override
  public Future<Boolean> put(TenantId tenant, Target target, String urlShown) {
    JsonObject secret =
        new JsonObject()
            .put("url", target.url())
            .put("headers", new JsonObject(new LinkedHashMap<>(target.headers())));
    byte[] sealed = cipher.encrypt(secret.encode(), aad(tenant.value(), target.name()));
    Tuple args =
        Tuple.tuple()
            .addString(tenant.value())
            .addString(target.name())
            .addString(urlShown)
            .addString(target.preset().label())
            .addValue(
                new JsonArray(target.triggers().stream().map(Trigger::label).sorted().toList()))
            .addInteger((int) target.outOfSyncAfter().toSeconds())
            .addString(target.template())
            .addValue(new JsonArray(new ArrayList<>(new TreeSet<>(target.headers().keySet()))))
            .addValue(Buffer.buffer(sealed));
    return pool.preparedQuery(UPSERT)
        .execute(args)
        .map(rows -> rows.iterator().next().getBoolean("created"));
  }

  @Override
  public Future<Boolean> delete(TenantId tenant, String name) {
    return pool.preparedQuery(DELETE)
        .execute(Tuple.of(tenant.value(), name))
        .map(rows -> rows.rowCount() > 0);
  }

  @Override
  public Future<List<Target>> targets(TenantId tenant) {
    return rows(tenant)
        .map(
            rows ->
                rows.stream()
                    .map(
                        r -> {
                          JsonObject secret =
                              new JsonObject(
                                  cipher.decrypt(
                                      r.getBuffer("secret").getBytes(),
                                      aad(r.getString("tenant"), r.getString("name"))));
                          Map<String, String> headers = new LinkedHashMap<>();
                          secret
                              .getJsonObject("headers", new JsonObject())
                              .forEach(h -> headers.put(h.getKey(), String.valueOf(h.getValue())));
                          return new Target(
                              r.getString("name"),
                              secret.getString("url"),
                              preset(r),
                              triggers(r),
                              Duration.ofSeconds(r.getInteger("out_of_sync_secs")),
                              r.getString("template"),
                              headers);
                        })
                    .toList());
  }

  @Override
  public Future<List<Target.Summary>> summaries(TenantId tenant) {
    return rows(tenant)
        .map(
            rows ->
                rows.stream()
                    .map(
                        r ->
                            new Target.Summary(
                                r.getString("name"),
                                r.getString("url_shown"),
                                preset(r),
                                triggers(r),
                                Duration.ofSeconds(r.getInteger("out_of_sync_secs")),
                                r.getString("template"),
                                ((JsonArray) r.getValue("header_names"))
                                    .stream().map(String::valueOf).toList(),
                                r.getOffsetDateTime("updated_at").toInstant()))
                    .toList());
  }

  @Override
  public Future<Long> deliveryStarted(TenantId tenant, String target, AppId app, Trigger trigger) {
    return pool.preparedQuery(DELIVERY_INSERT)
        .execute(Tuple.of(tenant.value(), target, app.name(), trigger.label()))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  @Override
  public Future<Void> deliveryAttempted(
      long id, String status, int attempts, Integer responseCode, String error) {
    return pool.preparedQuery(DELIVERY_UPDATE)
        .execute(Tuple.of(id, status, attempts, responseCode, error))
        .mapEmpty();
  }

  @Override
  public Future<Integer> expireDeliveries(Duration age) {
    return pool.preparedQuery(DELIVERY_EXPIRE)
        .execute(Tuple.of((double) age.toSeconds()))
        .map(rows -> rows.rowCount());
  }

  @Override
  public Future<List<Target.Delivery>> deliveries(TenantId tenant, int limit) {
    return pool.preparedQuery(DELIVERY_PAGE)
        .execute(Tuple.of(tenant.value(), limit))
        .map(
            rows -> {
              List<Target.Delivery> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Target.Delivery(
                        r.getLong("id"),
                        r.getString("target"),
                        r.getString("app"),
                        Trigger.fromLabel(r.getString("trigger")).orElseThrow(),
                        r.getString("status"),
                        r.getInteger("attempts"),
                        r.getInteger("response_code"),
                        r.getString("error"),
                        r.getOffsetDateTime("created_at").toInstant(),
                        r.getOffsetDateTime("updated_at").toInstant()));
              }
              return out;
            });
  }

  private Future<List<Row>> rows(TenantId tenant) {
    return pool.preparedQuery(LIST)
        .execute(Tuple.of(tenant.value()))
        .map(
            rows -> {
              List<Row> out = new ArrayList<>();
              rows.forEach(out::add);
              return out;
            });
  }

  private static Preset preset(Row r) {
    return Preset.fromLabel(r.getString("preset")).orElse(Preset.GENERIC);
  }

  private static Set<Trigger> triggers(Row r) {
    return ((JsonArray) r.getValue("triggers"))
        .stream()
            .map(String::valueOf)
            .map(Trigger::fromLabel)
            .flatMap(java.util.Optional::stream)
            .collect(Collectors.toSet());
  }

  private static String aad(String tenant, String name) {
    return "notification-target\n" + tenant + "\n" + name;
  }
}
