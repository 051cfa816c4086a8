package dev.micro.broker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A broker inside this process ({@code memory://}), for tests and for components of one JVM.
 *
 * <p>Each subscription has an unbounded inbox drained by its own virtual thread, so publishing
 * never waits for a handler and one subscription sees its messages in publishing order. A queue
 * group hands each message to one member, round robin. A nacked message (or one whose handler
 * threw) is routed to its group again, up to {@code maxRedeliveries} times; after that it is
 * dropped with a logged warning. Unacknowledged messages (manual ack) are never redelivered.
 * Messages are not kept for subscriptions that come later.
 */
public final class MemoryBroker implements Broker {
  /** How often a rejected message is delivered again by default. */
  public static final int DEFAULT_REDELIVERIES = 5;
  private static final System.Logger LOG = System.getLogger(MemoryBroker.class.getName());

  private final int maxRedeliveries;
  private final ReentrantLock lock = new ReentrantLock();
  // topic -> group key (queue name, or a unique key for a subscription without a queue) -> group
  private final Map<String, Map<String, Group>> topics = new HashMap<>();
  private volatile boolean closed;

  /** A broker that redelivers a rejected message up to {@link #DEFAULT_REDELIVERIES} times. */
  public MemoryBroker() {
    this(DEFAULT_REDELIVERIES);
  }

  /** A broker that redelivers a rejected message up to {@code maxRedeliveries} times. */
  public MemoryBroker(int maxRedeliveries) {
    if (maxRedeliveries < 0) {
      throw new IllegalArgumentException("maxRedeliveries: " + maxRedeliveries + " (expected: >= 0)");
    }
    this.maxRedeliveries = maxRedeliveries;
  }

  @Override
  public void publish(String topic, Message message) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(message, "message");
    Pending p = new Pending(message.addressedTo(topic), 0);
    List<Group> groups;
    lock.lock();
    try {
      requireOpen();
      Map<String, Group> byKey = topics.get(topic);
      groups = byKey == null ? List.of() : new ArrayList<>(byKey.values());
    } finally {
      lock.unlock();
    }
    for (Group g : groups) {
      g.route(p);
    }
  }

  @Override
  public Subscription subscribe(String topic, Handler handler, SubscribeOptions options) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    lock.lock();
    try {
      requireOpen();
      String key = options.queue().map(q -> "queue:" + q).orElseGet(() -> "single:" + UUID.randomUUID());
      Group g = topics.computeIfAbsent(topic, t -> new HashMap<>()).computeIfAbsent(key, k -> new Group(topic, k));
      MemorySubscription s = new MemorySubscription(g, handler, options);
      g.members.add(s);
      s.start();
      return s;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String describe() {
    return "memory://";
  }

  @Override
  public void close() {
    List<MemorySubscription> all = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      topics.values().forEach(m -> m.values().forEach(g -> all.addAll(g.members)));
    } finally {
      lock.unlock();
    }
    all.forEach(Subscription::unsubscribe);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("broker " + describe() + " is closed");
    }
  }

  private void leave(Group g, MemorySubscription s) {
    lock.lock();
    try {
      g.members.remove(s);
      Map<String, Group> byKey = topics.get(g.topic);
      if (g.members.isEmpty() && byKey != null) {
        byKey.remove(g.key);
        if (byKey.isEmpty()) {
          topics.remove(g.topic);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private record Pending(Message message, int redeliveries) {}

  /** The subscriptions of one topic that share a queue (or one subscription without a queue). */
  private final class Group {
    final String topic;
    final String key;
    final List<MemorySubscription> members = new CopyOnWriteArrayList<>();
    final AtomicInteger next = new AtomicInteger();

    Group(String topic, String key) {
      this.topic = topic;
      this.key = key;
    }

    void route(Pending p) {
      while (true) {
        List<MemorySubscription> live = List.copyOf(members);
        if (live.isEmpty()) {
          return; // nobody listens any more: dropped, as a broker drops an unroutable message
        }
        if (live.get(Math.floorMod(next.getAndIncrement(), live.size())).offer(p)) {
          return;
        }
      }
    }

    void reject(Pending p) {
      if (p.redeliveries() >= maxRedeliveries) {
        LOG.log(System.Logger.Level.WARNING, "dropping message {0} on topic {1} after {2} redeliveries",
            p.message().id(), topic, p.redeliveries());
        return;
      }
      route(new Pending(p.message(), p.redeliveries() + 1));
    }
  }

  private final class MemorySubscription extends AbstractSubscription {
    private static final Pending STOP = new Pending(Message.of(new byte[0]), -1);
    private final Group group;
    private final ReentrantLock inboxLock = new ReentrantLock();
    private final LinkedBlockingQueue<Pending> inbox = new LinkedBlockingQueue<>();

    MemorySubscription(Group group, Handler handler, SubscribeOptions options) {
      super(group.topic, handler, options);
      this.group = group;
    }

    void start() {
      Thread.ofVirtual().name("micro-memory-broker-" + group.topic).start(this::run);
    }

    /** Takes {@code p} unless unsubscribed; false tells the group to pick another member. */
    boolean offer(Pending p) {
      inboxLock.lock();
      try {
        if (!isActive()) {
          return false;
        }
        inbox.add(p);
        return true;
      } finally {
        inboxLock.unlock();
      }
    }

    private void run() {
      while (true) {
        Pending p;
        try {
          p = inbox.take();
        } catch (InterruptedException e) {
          return;
        }
        if (p == STOP) {
          return;
        }
        if (!isActive()) {
          group.route(p); // left over after unsubscribe: to the other members, if any
          continue;
        }
        dispatch(p.message(), p.redeliveries() > 0, new Settlement() {
          @Override
          public void ack() {}

          @Override
          public void nack() {
            group.reject(p);
          }
        });
      }
    }

    @Override
    protected void onUnsubscribe() {
      leave(group, this);
      inboxLock.lock();
      try {
        inbox.add(STOP);
      } finally {
        inboxLock.unlock();
      }
    }
  }
}
