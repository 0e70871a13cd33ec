package io.gitops.gateway.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * Hands out the live feeds' eras from the sequence {@code feed_eras}: one place for every replica,
 * increasing, so a feed that takes an era numbers its events above any number given before it.
 */
public final class FeedEras {
  private static final String NEXT = Sql.load("feed-era-next");

  private final Pool pool;

  public FeedEras(Pool pool) {
    this.pool = pool;
  }

  public Future<Long> next() {
    return pool.query(NEXT).execute().map(rows -> rows.iterator().next().getLong("era"));
  }
}
