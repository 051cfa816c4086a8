package dev.micro.events;

import dev.micro.Metadata;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The consumer machinery of streams that keep the log themselves ({@link MemoryEvents}, the file
 * stream), for implementations: an append-only log per topic and, per group, a cursor (the last
 * event handed out) and the events in flight (handed out, not yet acknowledged), each with its
 * delivery count and a deadline.
 *
 * <p>Each consumer runs a virtual thread that {@link #claim claims} the next event for its group
 * (an in-flight event whose deadline passed first, else the one after the cursor), hands it to
 * the handler, and acknowledges or rejects it by sequence number and delivery count, so a late
 * ack of a delivery that timed out and went to another member changes nothing. A rejected event
 * gets a new deadline {@link ConsumeOptions#nackDelay(int) a short backoff} away (none on its
 * last allowed delivery, so that it is dropped at once), so the group's later events are claimed
 * while it waits. When there is nothing to claim it waits in {@link #awaitNews}. A consumer closed
 * between claiming an event and starting its handler {@link #release releases} it: the event is
 * due again at once and that delivery does not count against the retry limit.
 */
public abstract class LogEvents implements Events {
  private static final System.Logger LOG = System.getLogger(LogEvents.class.getName());
  private static final Duration IDLE = Duration.ofMillis(50);
  /** How long closing waits for running handlers to return: all of a stream's at once, or one consumer's. */
  static final Duration STOP_WAIT = Duration.ofSeconds(5);

  /** An event handed to one member: its sequence number in the topic and its delivery count. */
  public record Claim(long seq, int attempt, Event event) {}

  /** Told about an event dropped at its retry limit, with its delivery count. */
  @FunctionalInterface
  protected interface DropListener {
    /** Called for each event dropped while claiming. */
    void dropped(Event event, int deliveries);
  }

  private final Set<LogConsumer> consumers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Stores {@code event} at the end of its topic's log. */
  protected abstract void append(Event event);

  /**
   * Creates the group's state at {@code offset} unless the group exists. A {@code random} group is
   * one consumer's own: it is {@link #forgetGroup forgotten} when that consumer or the stream
   * closes.
   */
  protected abstract void openGroup(String topic, String group, Offset offset, boolean random);

  /**
   * Claims the next event for a member of {@code group}, or returns null when there is none now.
   * In-flight events whose deadline passed come first: one delivered {@code maxDeliveries} times
   * already is removed and reported to {@code drops} instead.
   */
  protected abstract Claim claim(String topic, String group, Duration ackWait, int maxDeliveries, DropListener drops);

  /** Removes the in-flight event if it is still at delivery {@code attempt}. */
  protected abstract void ack(String topic, String group, long seq, int attempt);

  /** Makes the in-flight event due {@code delay} from now, if it is still at delivery {@code attempt}. */
  protected abstract void nack(String topic, String group, long seq, int attempt, Duration delay);

  /**
   * Hands an in-flight event still at delivery {@code attempt}, whose handler never began, back to
   * the group: due at once, at delivery {@code attempt - 1}, as if that claim had not happened.
   */
  protected abstract void release(String topic, String group, long seq, int attempt);

  /** Waits up to {@code max} for something to claim on {@code topic} (may return early). */
  protected abstract void awaitNews(String topic, Duration max) throws InterruptedException;

  /** Removes a group nobody will use again (the random group of a closed consumer), with its events in flight. */
  protected void forgetGroup(String topic, String group) {}

  /** Releases the backend, after every consumer has stopped. */
  protected abstract void closeLog();

  @Override
  public String publish(String topic, byte[] payload, Metadata metadata) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(metadata, "metadata");
    requireOpen();
    Event e = new Event(UUID.randomUUID().toString(), topic, Instant.now(), metadata, payload);
    append(e);
    return e.id();
  }

  @Override
  public Consumer consume(String topic, ConsumeOptions options, EventHandler handler) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(handler, "handler");
    requireOpen();
    boolean random = options.group().isEmpty();
    String group = options.group().orElseGet(() -> UUID.randomUUID().toString());
    openGroup(topic, group, options.offset(), random);
    LogConsumer c = new LogConsumer(topic, group, random, handler, options);
    consumers.add(c);
    c.thread = Thread.ofVirtual().name("micro-events-" + topic + "-" + group).start(c::run);
    if (closed) {
      c.close();
    }
    return c;
  }

  /**
   * Stops every consumer, waits up to 5 s in all for their running handlers to return, removes
   * their random groups and releases the backend.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<LogConsumer> all = List.copyOf(consumers);
    all.forEach(LogConsumer::close);
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    all.forEach(c -> c.join(deadline));
    all.forEach(LogConsumer::forgetRandomGroup);
    closeLog();
  }

  /** Whether {@link #close()} was called. */
  protected final boolean isClosed() {
    return closed;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("events " + describe() + " are closed");
    }
  }

  private final class LogConsumer extends AbstractConsumer {
    private final boolean randomGroup;
    /** Held from the thread's last look at {@link #isActive()} until the handler begins. */
    private final ReentrantLock starting;
    private volatile Thread thread;

    LogConsumer(String topic, String group, boolean randomGroup, EventHandler handler, ConsumeOptions options) {
      this(topic, group, randomGroup, new ReentrantLock(), handler, options);
    }

    private LogConsumer(String topic, String group, boolean randomGroup, ReentrantLock starting, EventHandler handler,
        ConsumeOptions options) {
      super(topic, group, begun(starting, handler), options);
      this.randomGroup = randomGroup;
      this.starting = starting;
    }

    /** {@code handler}, letting go of {@code starting} first: from then on the call has begun. */
    private static EventHandler begun(ReentrantLock starting, EventHandler handler) {
      return d -> {
        if (starting.isHeldByCurrentThread()) {
          starting.unlock();
        }
        handler.handle(d);
      };
    }

    void run() {
      ConsumeOptions o = options();
      while (isActive()) {
        try {
          Claim c = claim(topic(), group(), o.ackWait(), o.maxDeliveries(), (e, n) -> countDropped(e.id(), n));
          if (c == null) {
            awaitNews(topic(), IDLE);
            continue;
          }
          starting.lock();
          try {
            if (!isActive()) {
              release(topic(), group(), c.seq(), c.attempt()); // closed before its handler began
              return;
            }
            dispatch(c.event(), c.attempt(), settlement(c));
          } finally {
            if (starting.isHeldByCurrentThread()) {
              starting.unlock();
            }
          }
        } catch (InterruptedException e) {
          if (!isActive()) {
            return;
          }
        } catch (RuntimeException e) {
          if (!isActive() || closed) {
            return; // closing: the log may be gone already
          }
          LOG.log(System.Logger.Level.WARNING, "consumer of " + topic() + " (group " + group() + ") cannot read: "
              + e.getMessage(), e);
          sleepQuietly();
        }
      }
    }

    private Settlement settlement(Claim c) {
      ConsumeOptions o = options();
      return new Settlement() {
        @Override
        public void ack() {
          LogEvents.this.ack(topic(), group(), c.seq(), c.attempt());
        }

        @Override
        public void nack() {
          Duration delay = c.attempt() >= o.maxDeliveries() ? Duration.ZERO : o.nackDelay(c.attempt());
          LogEvents.this.nack(topic(), group(), c.seq(), c.attempt(), delay);
        }
      };
    }

    private void sleepQuietly() {
      try {
        Thread.sleep(IDLE.multipliedBy(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Waits until the thread has ended or {@code deadline} ({@link System#nanoTime()}) has passed. */
    void join(long deadline) {
      Thread t = thread;
      if (t != null && t != Thread.currentThread()) {
        try {
          t.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** Removes this consumer's own group, if it has one; failures are logged. */
    void forgetRandomGroup() {
      if (!randomGroup) {
        return;
      }
      try {
        forgetGroup(topic(), group());
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "cannot remove group " + group() + ": " + e.getMessage());
      }
    }

    @Override
    protected void onClose() {
      starting.lock(); // a handler about to begin has begun once this returns, or never will
      starting.unlock();
      consumers.remove(this); // the thread ends after its current handler call or wait
      if (randomGroup && !closed) { // else close() removes it once every consumer has stopped
        join(System.nanoTime() + STOP_WAIT.toNanos());
        forgetRandomGroup();
      }
    }
  }
}
