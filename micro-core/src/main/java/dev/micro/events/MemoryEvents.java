package dev.micro.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Event streams inside this process ({@code memory://}), for tests and single-process use: the
 * same groups, offsets, ack wait and retry limit as the durable streams, with every event kept in
 * memory until the stream is closed. Nothing survives the process. Like the durable streams it
 * keeps its own copy of each payload: changing the array after publishing changes no event.
 * Thread-safe.
 */
public final class MemoryEvents extends LogEvents {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition news = lock.newCondition();
  private final Map<String, Topic> topics = new HashMap<>();

  /** An empty stream. */
  public MemoryEvents() {}

  private static final class Topic {
    final List<Event> log = new ArrayList<>();
    final Map<String, Group> groups = new HashMap<>();
  }

  private static final class Group {
    long cursor; // the last sequence number handed out
    final TreeMap<Long, InFlight> inFlight = new TreeMap<>();
  }

  private static final class InFlight {
    int attempts;
    long deadline; // System.nanoTime()

    InFlight(int attempts, long deadline) {
      this.attempts = attempts;
      this.deadline = deadline;
    }
  }

  private Topic topic(String name) {
    return topics.computeIfAbsent(name, t -> new Topic());
  }

  @Override
  protected void append(Event event) {
    lock.lock();
    try {
      topic(event.topic()).log.add(copy(event));
      news.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  protected void openGroup(String topic, String group, Offset offset, boolean random) {
    lock.lock();
    try {
      Topic t = topic(topic);
      if (t.groups.containsKey(group)) {
        return;
      }
      Group g = new Group();
      g.cursor = switch (offset) {
        case Offset.Beginning b -> 0;
        case Offset.NewOnly n -> t.log.size();
        case Offset.At at -> before(t.log, at.time());
      };
      t.groups.put(group, g);
    } finally {
      lock.unlock();
    }
  }

  private static Event copy(Event e) { // the publisher's array stays the publisher's
    return new Event(e.id(), e.topic(), e.timestamp(), e.metadata(), e.payload().clone());
  }

  /** The number of leading events published before {@code time}. */
  private static long before(List<Event> log, Instant time) {
    int i = 0;
    while (i < log.size() && log.get(i).timestamp().isBefore(time)) {
      i++;
    }
    return i;
  }

  @Override
  protected Claim claim(String topic, String group, Duration ackWait, int maxDeliveries, DropListener drops) {
    lock.lock();
    try {
      Topic t = topic(topic);
      Group g = t.groups.get(group);
      if (g == null) {
        return null; // forgotten
      }
      long now = System.nanoTime();
      var it = g.inFlight.entrySet().iterator();
      while (it.hasNext()) {
        var e = it.next();
        InFlight f = e.getValue();
        if (f.deadline - now > 0) {
          continue;
        }
        Event event = t.log.get((int) (e.getKey() - 1));
        if (f.attempts >= maxDeliveries) {
          it.remove();
          drops.dropped(event, f.attempts);
          continue;
        }
        f.attempts++;
        f.deadline = now + ackWait.toNanos();
        return new Claim(e.getKey(), f.attempts, event);
      }
      if (g.cursor >= t.log.size()) {
        return null;
      }
      long seq = ++g.cursor;
      g.inFlight.put(seq, new InFlight(1, now + ackWait.toNanos()));
      return new Claim(seq, 1, t.log.get((int) (seq - 1)));
    } finally {
      lock.unlock();
    }
  }

  @Override
  protected void ack(String topic, String group, long seq, int attempt) {
    lock.lock();
    try {
      Group g = topic(topic).groups.get(group);
      InFlight f = g == null ? null : g.inFlight.get(seq);
      if (f != null && f.attempts == attempt) {
        g.inFlight.remove(seq);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  protected void nack(String topic, String group, long seq, int attempt, Duration delay) {
    lock.lock();
    try {
      Group g = topic(topic).groups.get(group);
      InFlight f = g == null ? null : g.inFlight.get(seq);
      if (f != null && f.attempts == attempt) {
        f.deadline = System.nanoTime() + delay.toNanos();
        news.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  protected void release(String topic, String group, long seq, int attempt) {
    lock.lock();
    try {
      Group g = topic(topic).groups.get(group);
      InFlight f = g == null ? null : g.inFlight.get(seq);
      if (f != null && f.attempts == attempt) {
        f.attempts = attempt - 1;
        f.deadline = System.nanoTime();
        news.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  protected void awaitNews(String topic, Duration max) throws InterruptedException {
    lock.lock();
    try {
      news.await(max.toNanos(), TimeUnit.NANOSECONDS);
    } finally {
      lock.unlock();
    }
  }

  @Override
  protected void forgetGroup(String topic, String group) {
    lock.lock();
    try {
      topic(topic).groups.remove(group);
    } finally {
      lock.unlock();
    }
  }

  @Override
  protected void closeLog() {
    lock.lock();
    try {
      topics.clear();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String describe() {
    return "memory://";
  }
}
