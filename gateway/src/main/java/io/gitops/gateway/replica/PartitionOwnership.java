package io.gitops.gateway.replica;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.reconcile.Ownership;
import io.gitops.gateway.store.OwnerStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * Apps placed on members by Hazelcast's partition table: an app's id hashes to one of the
 * partitions (271 by default), and the partition's owner member owns the app. Hazelcast keeps the
 * table balanced and the same on every member, and a join or a loss moves only the partitions it
 * must; apps, not clusters, are placed, so one busy cluster's apps spread over every member.
 *
 * <p>Placement is not ownership yet: a member claims an app in PostgreSQL ({@link OwnerStore}),
 * bumping its epoch, and {@link #check} asks whether the epoch it claimed still stands. A member
 * that paused past the failure timeout comes back to find its apps claimed by others: its fence
 * fails and it writes nothing more for them. A partition table change (members came or went,
 * partitions migrated, backups promoted) is seen from Hazelcast's membership events and from a
 * fingerprint of the table taken every second, and tells the loop to rebalance.
 */
public final class PartitionOwnership implements Ownership {
  private static final Logger LOG = Logger.getLogger(PartitionOwnership.class.getName());

  private final HazelcastInstance hazelcast;
  private final OwnerStore store;
  private final String replica;
  private final Map<AppId, Long> epochs = new ConcurrentHashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile int fingerprint;

  public PartitionOwnership(Vertx vertx, HazelcastInstance hazelcast, OwnerStore store) {
    this.hazelcast = hazelcast;
    this.store = store;
    this.replica = hazelcast.getCluster().getLocalMember().getUuid().toString();
    this.fingerprint = table();
    hazelcast
        .getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent event) {
                LOG.info("replica joined: " + event.getMember().getUuid());
                changed();
              }

              @Override
              public void memberRemoved(MembershipEvent event) {
                LOG.info("replica left or was lost: " + event.getMember().getUuid());
                changed();
              }
            });
    vertx.setPeriodic(
        1000,
        id -> {
          int now = table();
          if (now != fingerprint) {
            fingerprint = now;
            changed();
          }
        });
  }

  @Override
  public String replica() {
    return replica;
  }

  @Override
  public boolean placedHere(AppId id) {
    Member owner = partition(id).getOwner();
    return owner != null && owner.localMember();
  }

  /** The member the app is placed on now (its id, as {@link #replica()} names members). */
  public Optional<String> placement(AppId id) {
    Member owner = partition(id).getOwner();
    return owner == null ? Optional.empty() : Optional.of(owner.getUuid().toString());
  }

  /** Every member's id, this one's included. */
  public List<String> members() {
    List<String> out = new ArrayList<>();
    hazelcast.getCluster().getMembers().forEach(m -> out.add(m.getUuid().toString()));
    return out;
  }

  @Override
  public Future<Set<AppId>> claim(Collection<AppId> ids) {
    return store
        .claim(ids, replica)
        .map(
            claimed -> {
              epochs.putAll(claimed);
              return Set.copyOf(claimed.keySet());
            });
  }

  @Override
  public void release(AppId id) {
    epochs.remove(id);
  }

  @Override
  public Future<Void> check(AppId id) {
    Long epoch = epochs.get(id);
    if (epoch == null) {
      return Future.failedFuture(new Lost(id, replica));
    }
    return store
        .holds(id, replica, epoch)
        .compose(
            held -> {
              if (held) {
                return Future.succeededFuture();
              }
              epochs.remove(id, epoch);
              return Future.failedFuture(new Lost(id, replica));
            });
  }

  @Override
  public void onChange(Runnable action) {
    listeners.add(action);
  }

  private void changed() {
    listeners.forEach(Runnable::run);
  }

  private Partition partition(AppId id) {
    return hazelcast.getPartitionService().getPartition(id.tenant().value() + "/" + id.name());
  }

  /** A fingerprint of the partition table: which member owns each partition. */
  private int table() {
    int hash = 1;
    for (Partition p : hazelcast.getPartitionService().getPartitions()) {
      Member owner = p.getOwner();
      // order-independent: getPartitions() is a set
      hash +=
          Integer.rotateLeft(
                  owner == null ? 0 : owner.getUuid().hashCode(), p.getPartitionId() % 32)
              ^ (p.getPartitionId() * 0x9E3779B9);
    }
    return hash;
  }
}
