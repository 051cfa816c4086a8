package dev.micro.nats;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.impl.ErrorListenerLoggerImpl;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * jnats' logging error listener, except that a slow consumer is reported at most once every
 * {@link #INTERVAL_NANOS} per subscription, with how many messages it has dropped so far. jnats
 * reports every time a subscription crosses its pending limit again, which under a burst is
 * thousands of lines a second, each costing the delivery thread that writes it.
 */
final class SlowConsumerLog extends ErrorListenerLoggerImpl {
  private static final System.Logger LOG = System.getLogger(NatsBroker.class.getName());
  static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Map<Consumer, Long> lastReport = new ConcurrentHashMap<>();

  @Override
  public void slowConsumerDetected(Connection conn, Consumer consumer) {
    long now = System.nanoTime();
    Long last = lastReport.get(consumer);
    if (last != null && now - last < INTERVAL_NANOS) {
      return;
    }
    lastReport.put(consumer, now);
    lastReport.keySet().removeIf(c -> !c.isActive());
    LOG.log(System.Logger.Level.WARNING, "a subscription on {0} fell behind: {1} messages dropped so far "
        + "(pending limit {2} messages, {3} bytes)", conn.getConnectedUrl(), consumer.getDroppedCount(),
        consumer.getPendingMessageLimit(), consumer.getPendingByteLimit());
  }
}
