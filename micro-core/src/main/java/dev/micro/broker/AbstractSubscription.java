package dev.micro.broker;

import dev.micro.internal.DeliveryThreads;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every broker's subscriptions share, for implementations: the counters, the once-only
 * settling of a delivery, autoAck, and turning a throwing handler into a logged, counted nack.
 * A broker calls {@link #dispatch} for each message on the subscription's delivery thread and
 * says how to acknowledge it on the backend with a {@link Settlement}.
 */
public abstract class AbstractSubscription implements Subscription {
  private static final System.Logger LOG = System.getLogger(AbstractSubscription.class.getName());

  /** How the backend settles one delivery. Called at most once per delivery, either method. */
  public interface Settlement {
    /** Acknowledges on the backend. */
    void ack();

    /** Rejects on the backend: redeliver where the backend can. */
    void nack();

    /**
     * Rejects without redelivery into the backend's dead-letter facility; {@code false} (the
     * default) when the backend has none, having done nothing.
     */
    default boolean deadLetter() {
      return false;
    }

    /** For backends without acknowledgements: both do nothing. */
    Settlement NONE = new Settlement() {
      @Override
      public void ack() {}

      @Override
      public void nack() {}
    };
  }

  private final String topic;
  private final Handler handler;
  private final SubscribeOptions options;
  private final LongAdder delivered = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicBoolean active = new AtomicBoolean(true);

  protected AbstractSubscription(String topic, Handler handler, SubscribeOptions options) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Hands {@code message} to the handler and settles it by the ack mode: autoAck acknowledges
   * after a normal return; a throw is logged, counted and nacks the delivery unless it was
   * settled already.
   */
  protected final void dispatch(Message message, boolean redelivered, Settlement settlement) {
    delivered.increment();
    SettlingDelivery d = new SettlingDelivery(message, redelivered, settlement);
    boolean interrupted = false;
    boolean returned = false;
    try {
      handler.handle(d);
      returned = true;
    } catch (Throwable t) {
      DeliveryThreads.rethrowIfFatal(t);
      interrupted = t instanceof InterruptedException;
      LOG.log(System.Logger.Level.WARNING, "handler of topic " + topic + " failed on message " + message.id()
          + (options.autoAck() ? "; nacking it" : ""), t);
    } finally {
      DeliveryThreads.afterHandler(interrupted, active.get()); // before settling, which may block
    }
    if (!returned) {
      d.fail();
    } else if (options.autoAck()) {
      d.ack();
    }
  }

  /** Releases the backend subscription; called once, by the first {@link #unsubscribe()}. */
  protected abstract void onUnsubscribe();

  @Override
  public final void unsubscribe() {
    if (active.compareAndSet(true, false)) {
      onUnsubscribe();
    }
  }

  @Override
  public boolean isActive() {
    return active.get();
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public Optional<String> queue() {
    return options.queue();
  }

  /** The options this subscription was made with. */
  public SubscribeOptions options() {
    return options;
  }

  @Override
  public long delivered() {
    return delivered.sum();
  }

  @Override
  public long failed() {
    return failed.sum();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{topic=" + topic + ", queue=" + options.queue().orElse("") + "}";
  }

  private final class SettlingDelivery implements Delivery {
    private final Message message;
    private final boolean redelivered;
    private final Settlement settlement;
    private final AtomicBoolean settled = new AtomicBoolean();
    private final AtomicBoolean counted = new AtomicBoolean();

    SettlingDelivery(Message message, boolean redelivered, Settlement settlement) {
      this.message = message;
      this.redelivered = redelivered;
      this.settlement = settlement;
    }

    @Override
    public String topic() {
      return topic;
    }

    @Override
    public Message message() {
      return message;
    }

    @Override
    public boolean redelivered() {
      return redelivered;
    }

    @Override
    public void ack() {
      if (settled.compareAndSet(false, true)) {
        settle(true);
      }
    }

    @Override
    public void nack() {
      countFailure();
      if (settled.compareAndSet(false, true)) {
        settle(false);
      }
    }

    @Override
    public boolean deadLetter() {
      if (!settled.compareAndSet(false, true)) {
        return false;
      }
      boolean done = false;
      try {
        done = settlement.deadLetter();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "dead-lettering message " + message.id() + " on topic " + topic
            + " failed", e);
      }
      if (done) {
        countFailure();
      } else {
        settled.set(false); // no facility: the caller settles it another way
      }
      return done;
    }

    void fail() {
      nack();
    }

    private void countFailure() {
      if (counted.compareAndSet(false, true)) {
        failed.increment();
      }
    }

    private void settle(boolean ack) {
      try {
        if (ack) {
          settlement.ack();
        } else {
          settlement.nack();
        }
      } catch (RuntimeException e) {
        // The backend may have lost the delivery with its connection; it redelivers or drops it.
        LOG.log(System.Logger.Level.WARNING, (ack ? "ack" : "nack") + " of message " + message.id()
            + " on topic " + topic + " failed", e);
      }
    }

    @Override
    public String toString() {
      return "Delivery{topic=" + topic + ", " + message + ", redelivered=" + redelivered + "}";
    }
  }
}
