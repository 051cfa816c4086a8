package dev.micro.etcd;

import dev.micro.MicroException;
import dev.micro.plugin.PluginUri;
import dev.micro.sync.Candidacy;
import dev.micro.sync.HeldLock;
import dev.micro.sync.Leader;
import dev.micro.sync.Lock;
import dev.micro.sync.Sync;
import dev.micro.sync.SyncArguments;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locks and leader election on etcd ({@code etcd://host:2379[,host:2379...]}), with etcd's own
 * recipe: each contender puts a key {@code /micro/sync/<id>/<lease>} on a lease of the TTL, kept
 * alive by a keep-alive stream, and holds the lock once no key under the id was created before its
 * own; it waits by watching the deletion of the key just ahead of it. The fencing token is the
 * etcd revision at which the holder's key was created. Elections use the same scheme under
 * {@code /micro/leader/<id>/}. In an id, '/' is written {@code %2F} and '%' {@code %25}.
 *
 * <p>A holder whose keep-alives go unanswered for its TTL reports the lock lost, as etcd will
 * expire it then; a holder whose process dies loses it when etcd expires the lease. Every call
 * waits at most the client timeout and fails with {@code UNAVAILABLE} while the server cannot be
 * reached. Safe for concurrent use.
 */
public final class EtcdSync implements Sync {
  static final String LOCKS = "/micro/sync/";
  static final String LEADERS = "/micro/leader/";

  private final Etcd etcd;
  private final String url;
  private final Set<EtcdLock> held = ConcurrentHashMap.newKeySet();
  private final Set<Candidacy> candidacies = ConcurrentHashMap.newKeySet();
  private final Thread monitor;
  private volatile boolean closed;

  private final class EtcdLock extends HeldLock {
    final String key;
    final long lease;
    final long ttlNanos;
    volatile long lastAliveNanos = System.nanoTime();
    volatile CloseableClient keepAlive;

    EtcdLock(String id, long token, String key, long lease, Duration ttl) {
      super(id, token);
      this.key = key;
      this.lease = lease;
      this.ttlNanos = ttl.toNanos();
    }

    void stopKeepAlive() {
      CloseableClient k = keepAlive;
      if (k != null) {
        k.close();
      }
    }

    @Override
    protected boolean release() {
      held.remove(this);
      stopKeepAlive();
      ByteSequence k = Etcd.bytes(key);
      // Delete only our own key: if it expired and was made again, it is not ours to delete.
      TxnResponse t = etcd.await(etcd.client.getKVClient().txn()
          .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(fencingToken())))
          .Then(Op.delete(k, DeleteOption.DEFAULT)).commit(), "unlock " + id());
      revokeLater(lease);
      return t.isSucceeded();
    }
  }

  private EtcdSync(Etcd etcd, String url) {
    this.etcd = etcd;
    this.url = url;
    this.monitor = Thread.ofVirtual().name("micro-etcd-sync-monitor").start(this::monitorLoop);
  }

  /** Locks on the etcd servers of {@code uri}; see {@link EtcdSyncProvider}. */
  public static EtcdSync create(PluginUri uri) {
    return new EtcdSync(Etcd.connect(uri), uri.toString());
  }

  /** Locks on the etcd server at {@code host:port}. */
  public static EtcdSync create(String hostPort) {
    return create(PluginUri.parse("etcd://" + Objects.requireNonNull(hostPort, "hostPort")));
  }

  static String encode(String id) {
    return id.replace("%", "%25").replace("/", "%2F");
  }

  @Override
  public Lock lock(String id, Duration ttl, Duration wait) throws InterruptedException {
    SyncArguments.check(id, ttl, wait);
    return acquire(id, LOCKS + encode(id) + "/", ttl, wait);
  }

  @Override
  public Leader leader(String id, Duration ttl) {
    SyncArguments.check(id, ttl, Duration.ZERO);
    ensureOpen();
    Candidacy c = Candidacy.start(id, wait -> acquire(id, LEADERS + encode(id) + "/", ttl, wait));
    candidacies.add(c);
    return c;
  }

  private Lock acquire(String id, String dir, Duration ttl, Duration wait) throws InterruptedException {
    ensureOpen();
    long deadline = System.nanoTime() + wait.toNanos();
    KV kv = etcd.client.getKVClient();
    long lease = etcd.awaitInterruptibly(etcd.client.getLeaseClient().grant(Etcd.seconds(ttl)), "grant lease").getID();
    String key = dir + Long.toHexString(lease);
    ByteSequence k = Etcd.bytes(key);
    EtcdLock lock = null;
    CloseableClient keepAlive = null;
    try {
      TxnResponse created = etcd.awaitInterruptibly(kv.txn()
          .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
          .Then(Op.put(k, ByteSequence.EMPTY, PutOption.builder().withLeaseId(lease).build()))
          .Else(Op.get(k, GetOption.DEFAULT)).commit(), "lock " + id);
      long revision = created.isSucceeded()
          ? created.getHeader().getRevision()
          : created.getGetResponses().get(0).getKvs().get(0).getCreateRevision();
      EtcdLock candidate = new EtcdLock(id, revision, key, lease, ttl);
      keepAlive = etcd.client.getLeaseClient().keepAlive(lease, observer(candidate));
      candidate.keepAlive = keepAlive;
      while (true) {
        GetResponse ahead = etcd.awaitInterruptibly(kv.get(Etcd.bytes(dir), GetOption.builder().isPrefix(true)
            .withMaxCreateRevision(revision - 1).withSortField(GetOption.SortTarget.CREATE)
            .withSortOrder(GetOption.SortOrder.DESCEND).withLimit(1).build()), "lock " + id);
        if (ahead.getKvs().isEmpty()) {
          break;
        }
        KeyValue next = ahead.getKvs().get(0);
        if (!KeyWatch.awaitDeletion(etcd, next.getKey(), ahead.getHeader().getRevision(), deadline)) {
          throw SyncArguments.timeout(id, wait);
        }
      }
      lock = candidate;
      held.add(lock);
    } finally {
      if (lock == null) {
        if (keepAlive != null) {
          keepAlive.close();
        }
        revokeLater(lease); // takes our key with it
      }
    }
    if (closed) {
      lock.unlock();
      throw new IllegalStateException("sync closed");
    }
    return lock;
  }

  private static StreamObserver<LeaseKeepAliveResponse> observer(EtcdLock lock) {
    return new StreamObserver<>() {
      @Override
      public void onNext(LeaseKeepAliveResponse response) {
        if (response.getTTL() > 0) {
          lock.lastAliveNanos = System.nanoTime();
        } else {
          lock.markLost("etcd no longer has its lease");
        }
      }

      @Override
      public void onError(Throwable t) {
        // The monitor notices when no keep-alive has been answered for a TTL.
      }

      @Override
      public void onCompleted() {
      }
    };
  }

  // Reports locks whose lease etcd has not confirmed for a whole TTL: etcd expires them by then.
  private void monitorLoop() {
    while (!closed) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (EtcdLock l : held) {
        if (!l.isHeld() || now - l.lastAliveNanos > l.ttlNanos) {
          held.remove(l);
          l.stopKeepAlive();
          l.markLost("etcd did not confirm its lease for its TTL");
        }
      }
    }
  }

  private void revokeLater(long lease) {
    etcd.client.getLeaseClient().revoke(lease).exceptionally(e -> null); // expires at its TTL otherwise
  }

  /** Stops keeping leases alive and disconnects without releasing, as a dying process would. */
  void abandon() {
    closed = true;
    monitor.interrupt();
    held.forEach(EtcdLock::stopKeepAlive);
    etcd.close();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("sync closed");
    }
  }

  @Override
  public String describe() {
    return url;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    monitor.interrupt();
    candidacies.forEach(Candidacy::resign);
    for (EtcdLock l : List.copyOf(held)) {
      if (l.markLost("its Sync was closed")) {
        try {
          l.release();
        } catch (MicroException e) {
          // unreachable: the lease expires at its TTL
        }
      }
    }
    etcd.close();
  }
}
