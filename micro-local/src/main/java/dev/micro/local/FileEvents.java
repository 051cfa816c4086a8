package dev.micro.local;

import dev.micro.events.Event;
import dev.micro.events.LogEvents;
import dev.micro.events.Offset;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Durable event streams on this host ({@code file://}): one SQLite file per topic under a
 * directory ({@code <MicroHome>/events} by default), holding an append-only log of the topic's
 * events and, per consumer group, a cursor and the events in flight.
 *
 * <pre>{@code
 * try (Events events = FileEvents.create(MicroHome.subdirectory("events"))) { ... }
 * }</pre>
 *
 * <p>Any number of processes may share the directory: groups are shared across processes, and
 * each event is claimed by one member of a group inside a SQLite write transaction. Consumers
 * poll for new events every 50 ms (a publisher in the same instance wakes them at once).
 *
 * <p>A consumer without a group gets a random one of its own, removed when it or the stream is
 * closed. The group records its process, so that if the process dies first the next one on this
 * host to open the topic removes it.
 *
 * <p><b>At least once.</b> An event stays in flight until acknowledged; if its consumer dies,
 * its deadline (the ack wait) passes and another member of the group, in any process, gets it
 * again. So nothing acknowledged is delivered again and nothing unacknowledged is lost, but an
 * event that was handled and not yet acknowledged when its consumer died is delivered twice.
 * After the retry limit an event is dropped for that group (not dead-lettered) and counted by the
 * consumer that found it expired.
 *
 * <p><b>Retention.</b> The log keeps every event unless given a retention
 * ({@code file:///dir?retention=7d}, {@link #create(Path, Duration)}): then events older than that
 * are removed, for every group, whether delivered or not. A topic is trimmed when events are
 * published to it, at most every minute, so an event may outlive its retention by that long, or
 * for as long as nothing is published to its topic. A trim that fails is logged and tried again
 * at a later publish; the publish that ran it still returns, its event stored. Thread-safe.
 */
public final class FileEvents extends LogEvents {
  private static final System.Logger LOG = System.getLogger(FileEvents.class.getName());
  private final Path dir;
  private final String url;
  private final Duration retention; // null: keep forever
  private final ReentrantLock lock = new ReentrantLock(); // guards logs, and signals news
  private final Condition news = lock.newCondition();
  private final Map<String, TopicLog> logs = new HashMap<>();
  private boolean released; // guarded by lock: closeLog ran, the logs are closed
  private final NodeFile.Owner self = NodeFile.Owner.current();

  private FileEvents(Path dir, String url, Duration retention) {
    this.dir = dir;
    this.url = url;
    this.retention = retention;
  }

  /** Streams keeping their files in {@code dir}, created if missing, and every event forever. */
  public static FileEvents create(Path dir) {
    return create(dir, "file://" + dir.toAbsolutePath(), null);
  }

  /** Streams keeping their files in {@code dir}, created if missing, and events for {@code retention}. */
  public static FileEvents create(Path dir, Duration retention) {
    java.util.Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention: " + retention + " (expected: > 0)");
    }
    return create(dir, "file://" + dir.toAbsolutePath(), retention);
  }

  static FileEvents create(Path dir, String url, Duration retention) {
    return new FileEvents(MicroHome.createDirectories(dir.toAbsolutePath()), url, retention);
  }

  private TopicLog log(String topic) {
    lock.lock();
    try {
      if (released) {
        throw new IllegalStateException("events " + url + " are closed");
      }
      return logs.computeIfAbsent(topic, t -> TopicLog.open(t, dir.resolve(FileNames.segment(t) + ".db"), self));
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code op} on the topic's log under its lock, turning SQL failures into UNAVAILABLE. */
  private <T> T on(String topic, String what, SqlOp<T> op) {
    TopicLog log = log(topic);
    log.lock.lock();
    try {
      return op.apply(log);
    } catch (SQLException e) {
      throw TopicLog.unavailable("cannot " + what + " on topic " + topic + " in " + dir, e);
    } finally {
      log.lock.unlock();
    }
  }

  @FunctionalInterface
  private interface SqlOp<T> {
    T apply(TopicLog log) throws SQLException;
  }

  @Override
  protected void append(Event event) {
    on(event.topic(), "publish", log -> {
      log.append(event);
      return null;
    });
    signalNews();
    if (retention != null) {
      trim(event.topic());
    }
  }

  /** Trims the topic if due; a failure is logged, since the event it follows is stored. */
  private void trim(String topic) {
    try {
      on(topic, "remove old events", log -> {
        log.trimIfDue(retention);
        return null;
      });
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot remove events older than " + retention + " from topic " + topic
          + "; trying again with a later publish: " + e.getMessage(), e);
    }
  }

  private void signalNews() {
    lock.lock();
    try {
      news.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  protected void openGroup(String topic, String group, Offset offset, boolean random) {
    on(topic, "create group " + group, log -> {
      log.openGroup(group, offset, random ? self : null);
      return null;
    });
  }

  @Override
  protected Claim claim(String topic, String group, Duration ackWait, int maxDeliveries, DropListener drops) {
    TopicLog.Claimed c = on(topic, "read", log -> log.claim(group, ackWait.toMillis(), maxDeliveries, drops::dropped));
    return c == null ? null : new Claim(c.seq(), c.attempt(), c.event());
  }

  @Override
  protected void ack(String topic, String group, long seq, int attempt) {
    on(topic, "ack", log -> {
      log.ack(group, seq, attempt);
      return null;
    });
  }

  @Override
  protected void nack(String topic, String group, long seq, int attempt, Duration delay) {
    on(topic, "nack", log -> {
      log.nack(group, seq, attempt, delay.toMillis());
      return null;
    });
    signalNews();
  }

  @Override
  protected void release(String topic, String group, long seq, int attempt) {
    on(topic, "release", log -> {
      log.release(group, seq, attempt);
      return null;
    });
    signalNews();
  }

  @Override
  protected void awaitNews(String topic, Duration max) throws InterruptedException {
    lock.lock();
    try {
      news.await(max.toNanos(), TimeUnit.NANOSECONDS); // other processes' appends are found by polling
    } finally {
      lock.unlock();
    }
  }

  @Override
  protected void forgetGroup(String topic, String group) {
    on(topic, "remove group " + group, log -> {
      log.forget(group);
      return null;
    });
  }

  @Override
  protected void closeLog() {
    lock.lock();
    try {
      released = true;
      closeAll(logs.values());
      logs.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Closes each of {@code logs}, also after one failed; throws the first failure, the others suppressed. */
  static void closeAll(Collection<? extends AutoCloseable> logs) {
    RuntimeException first = null;
    for (AutoCloseable log : logs) {
      try {
        log.close();
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String describe() {
    return url;
  }
}
