package dev.micro.events;

import dev.micro.internal.DeliveryThreads;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every stream's consumers share, for implementations: the counters, once-only settling of
 * a delivery, autoAck, and turning a throwing handler into a logged, counted nack. An
 * implementation calls {@link #dispatch} for each event on the consumer's delivery thread and
 * says how to settle it on the backend with a {@link Settlement}.
 */
public abstract class AbstractConsumer implements Consumer {
  private static final System.Logger LOG = System.getLogger(AbstractConsumer.class.getName());

  /** How the backend settles one delivery. Called at most once per delivery, either method. */
  public interface Settlement {
    /** Acknowledges on the backend. */
    void ack();

    /** Rejects on the backend: deliver again, or drop once the retry limit is reached. */
    void nack();
  }

  private final String topic;
  private final String group;
  private final EventHandler handler;
  private final ConsumeOptions options;
  private final LongAdder delivered = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final AtomicBoolean active = new AtomicBoolean(true);

  protected AbstractConsumer(String topic, String group, EventHandler handler, ConsumeOptions options) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.group = Objects.requireNonNull(group, "group");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Hands {@code event} to the handler and settles it by the ack mode: autoAck acknowledges after
   * a normal return; a throw is logged, counted and nacks the delivery unless it was settled.
   */
  protected final void dispatch(Event event, int attempt, Settlement settlement) {
    delivered.increment();
    Delivery d = new Delivery(event, attempt, settlement);
    boolean interrupted = false;
    boolean returned = false;
    try {
      handler.handle(d);
      returned = true;
    } catch (Throwable t) {
      DeliveryThreads.rethrowIfFatal(t);
      interrupted = t instanceof InterruptedException;
      LOG.log(System.Logger.Level.WARNING, "handler of topic " + topic + " (group " + group + ") failed on event "
          + event.id() + "; nacking it", t);
    } finally {
      DeliveryThreads.afterHandler(interrupted, active.get()); // before settling, which may block
    }
    if (!returned) {
      d.nack();
    } else if (options.autoAck()) {
      d.ack();
    }
  }

  /** Counts an event given up on at its retry limit, with a logged warning. */
  protected final void countDropped(String eventId, int deliveries) {
    dropped.increment();
    LOG.log(System.Logger.Level.WARNING, "dropping event {0} of topic {1} for group {2} after {3} deliveries",
        eventId, topic, group, deliveries);
  }

  /** Releases the backend consumer; called once, by the first {@link #close()}. */
  protected abstract void onClose();

  @Override
  public final void close() {
    if (active.compareAndSet(true, false)) {
      onClose();
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
  public String group() {
    return group;
  }

  /** The options this consumer was made with. */
  public ConsumeOptions options() {
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
  public long dropped() {
    return dropped.sum();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{topic=" + topic + ", group=" + group + "}";
  }

  private final class Delivery implements EventDelivery {
    private final Event event;
    private final int attempt;
    private final Settlement settlement;
    private final AtomicBoolean settled = new AtomicBoolean();

    Delivery(Event event, int attempt, Settlement settlement) {
      this.event = event;
      this.attempt = attempt;
      this.settlement = settlement;
    }

    @Override
    public Event event() {
      return event;
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public void ack() {
      if (settled.compareAndSet(false, true)) {
        settle(true);
      }
    }

    @Override
    public void nack() {
      if (settled.compareAndSet(false, true)) {
        failed.increment();
        settle(false);
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
        // The backend may be away; the ack wait makes it deliver the event again.
        LOG.log(System.Logger.Level.WARNING, (ack ? "ack" : "nack") + " of event " + event.id() + " on topic "
            + topic + " failed", e);
      }
    }

    @Override
    public String toString() {
      return "EventDelivery{" + event + ", attempt=" + attempt + "}";
    }
  }
}
