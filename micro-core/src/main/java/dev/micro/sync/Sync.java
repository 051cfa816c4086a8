package dev.micro.sync;

import java.time.Duration;

/**
 * Distributed locks and leader election: go-micro's {@code sync.Sync}, with fencing tokens.
 * Implementations are chosen by URL ({@code memory://}, {@code file://}, {@code etcd://host:2379})
 * through {@link SyncProvider}s and all pass the same contract suite. Safe for concurrent use.
 *
 * <pre>{@code
 * try (Sync sync = Micro.sync("etcd://127.0.0.1:2379");
 *      Lock lock = sync.lock("orders/42", Duration.ofSeconds(15), Duration.ofSeconds(5))) {
 *   store.write(order, lock.fencingToken());   // the store rejects tokens older than the last seen
 * }
 * }</pre>
 *
 * <p>A lock lives as long as its holder keeps renewing it: while this {@code Sync} is open and its
 * process alive, the implementation renews held locks by itself; when the process dies or loses
 * the backend for longer than the TTL, the lock expires and the next waiter takes it. Closing a
 * {@code Sync} releases what it holds and reports those locks as lost.
 */
public interface Sync extends AutoCloseable {
  /** The TTL of the lock behind {@link #leader(String)}: 15 s. */
  Duration DEFAULT_LEADER_TTL = Duration.ofSeconds(15);

  /**
   * Takes the lock {@code id}, waiting up to {@code wait} for its holder to release it or to
   * expire; {@code Duration.ZERO} tries once.
   *
   * @param ttl how long the lock outlives its holder when the holder stops renewing (&gt; 0)
   * @throws dev.micro.MicroException {@code DEADLINE_EXCEEDED} when {@code wait} passes,
   *     {@code UNAVAILABLE} when the backend cannot be reached
   * @throws IllegalArgumentException for an empty id or a TTL that is not positive
   * @throws IllegalStateException once this {@code Sync} is closed
   * @throws InterruptedException if the waiting thread is interrupted
   */
  Lock lock(String id, Duration ttl, Duration wait) throws InterruptedException;

  /**
   * Stands for leadership of {@code id} with a lock of {@code ttl}: campaigning starts at once in
   * the background and ends when the candidate resigns, loses leadership or this {@code Sync}
   * closes. At most one candidate per id leads at a time.
   */
  Leader leader(String id, Duration ttl);

  /** {@link #leader(String, Duration)} with {@link #DEFAULT_LEADER_TTL}. */
  default Leader leader(String id) {
    return leader(id, DEFAULT_LEADER_TTL);
  }

  /** The URL this {@code Sync} was made from, for messages. */
  String describe();

  /** Releases every lock this instance holds (reporting them lost) and ends its candidacies. */
  @Override
  void close();
}
