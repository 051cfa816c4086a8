package dev.micro.http.broker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The publisher's memory of POSTs that failed, as in go-micro's HTTP broker: bounded, in memory
 * only, retried a few at a time on later publishes. When full, the oldest entry is dropped with a
 * warning; an entry is dropped after {@link #MAX_ATTEMPTS} attempts. Lost with the process.
 */
final class RetryInbox {
  /** How many tries a message gets in all, the first POST included. */
  static final int MAX_ATTEMPTS = 5;
  private static final System.Logger LOG = System.getLogger(RetryInbox.class.getName());

  /**
   * One undelivered envelope: for a queue group any member may take it ({@code nodeId} null); a
   * broadcast subscriber must get it itself.
   */
  record Pending(String topic, String group, String nodeId, byte[] envelope, String messageId, int attempts) {
    Pending next() {
      return new Pending(topic, group, nodeId, envelope, messageId, attempts + 1);
    }
  }

  private final int limit;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Pending> entries = new ArrayDeque<>();

  RetryInbox(int limit) {
    this.limit = limit;
  }

  /** Keeps {@code p} for a later try, or drops it when it has had its tries. */
  void add(Pending p) {
    if (p.attempts() >= MAX_ATTEMPTS) {
      LOG.log(System.Logger.Level.WARNING, "dropping message {0} on topic {1} for {2} after {3} failed deliveries",
          p.messageId(), p.topic(), p.nodeId() != null ? p.nodeId() : "queue " + p.group(), p.attempts());
      return;
    }
    Pending dropped = null;
    lock.lock();
    try {
      if (entries.size() >= limit) {
        dropped = entries.pollFirst();
      }
      entries.addLast(p);
    } finally {
      lock.unlock();
    }
    if (dropped != null) {
      LOG.log(System.Logger.Level.WARNING, "retry inbox full ({0}); dropping message {1} on topic {2}",
          limit, dropped.messageId(), dropped.topic());
    }
  }

  /** Takes up to {@code max} entries, oldest first. */
  List<Pending> take(int max) {
    lock.lock();
    try {
      List<Pending> out = new ArrayList<>(Math.min(max, entries.size()));
      while (out.size() < max && !entries.isEmpty()) {
        out.add(entries.pollFirst());
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }
}
