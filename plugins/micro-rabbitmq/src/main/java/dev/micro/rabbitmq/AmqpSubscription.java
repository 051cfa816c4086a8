package dev.micro.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.micro.Metadata;
import dev.micro.broker.AbstractSubscription;
import dev.micro.broker.Handler;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import dev.micro.internal.Redelivery;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** One consumer on its own channel; see {@link AmqpBroker} for acknowledgement and limits. */
final class AmqpSubscription extends AbstractSubscription {
  private static final System.Logger LOG = System.getLogger(AmqpSubscription.class.getName());
  // bounds the memory of nack counts for messages that another consumer finished
  private static final int MAX_TRACKED = 10_000;
  private static final long WAIT_SLICE_MS = 50; // how soon a waiting nack notices unsubscribe

  private final Channel channel;
  private final int maxRedeliveries;
  private final Consumer<AmqpSubscription> onEnd;
  private final Map<String, Integer> nacks = new ConcurrentHashMap<>();
  private volatile String consumerTag;

  AmqpSubscription(String topic, Handler handler, SubscribeOptions options, Channel channel, int maxRedeliveries,
      Consumer<AmqpSubscription> onEnd) {
    super(topic, handler, options);
    this.channel = channel;
    this.maxRedeliveries = maxRedeliveries;
    this.onEnd = onEnd;
  }

  void consume(String queue) throws IOException {
    consumerTag = channel.basicConsume(queue, false, new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        if (!isActive()) {
          return; // cancelled: the unacknowledged message goes back to the queue with the channel
        }
        dispatch(message(props, body), envelope.isRedeliver(), settlement(envelope, props, body));
      }
    });
  }

  private static Message message(AMQP.BasicProperties props, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (props.getHeaders() != null) {
      props.getHeaders().forEach((k, v) -> {
        if (v != null) {
          headers.put(k, v.toString()); // LongString and numbers alike
        }
      });
    }
    Metadata md = Metadata.of(headers);
    if (props.getContentType() != null && md.get(Message.CONTENT_TYPE_HEADER).isEmpty()) {
      md = md.with(Message.CONTENT_TYPE_HEADER, props.getContentType());
    }
    if (props.getMessageId() != null && md.get(Message.ID_HEADER).isEmpty()) {
      md = md.with(Message.ID_HEADER, props.getMessageId());
    }
    return Message.of(md, body == null ? new byte[0] : body);
  }

  /**
   * How long a nacked message waits before it is requeued, by how often this subscription has
   * nacked it: 100 ms, doubling with each further nack, at most 5 s (as event streams' nack delay).
   */
  static long nackDelayMillis(int nacks) {
    return Redelivery.delay(nacks, Redelivery.MAX_DELAY).toMillis();
  }

  /**
   * The key nacks of a message are counted by: its id ({@code message-id} property, else
   * {@code Micro-Id}), or for a message without one a digest of its routing key, headers and
   * body, so that identical messages without an id share a count.
   */
  private static String nackKey(Envelope envelope, AMQP.BasicProperties props, byte[] body) {
    if (props.getMessageId() != null) {
      return "id:" + props.getMessageId();
    }
    if (props.getHeaders() != null && props.getHeaders().get(Message.ID_HEADER) != null) {
      return "id:" + props.getHeaders().get(Message.ID_HEADER);
    }
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      md.update(envelope.getRoutingKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      md.update((byte) 0);
      if (props.getHeaders() != null) {
        new java.util.TreeMap<>(props.getHeaders()).forEach((k, v) -> {
          md.update((k + "=" + v).getBytes(java.nio.charset.StandardCharsets.UTF_8));
          md.update((byte) 0);
        });
      }
      md.update(body == null ? new byte[0] : body);
      return "digest:" + java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
  }

  /** Waits {@code millis} on the delivery thread; false if the subscription ended meanwhile. */
  private boolean backOff(long millis) {
    long end = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis);
    try {
      for (long left = millis; left > 0 && isActive(); ) {
        Thread.sleep(Math.min(left, WAIT_SLICE_MS));
        left = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // requeue now; whoever interrupted us sees the flag
    }
    return isActive();
  }

  private Settlement settlement(Envelope envelope, AMQP.BasicProperties props, byte[] body) {
    long tag = envelope.getDeliveryTag();
    String id = props.getMessageId() != null ? props.getMessageId()
        : props.getHeaders() != null && props.getHeaders().get(Message.ID_HEADER) != null
            ? props.getHeaders().get(Message.ID_HEADER).toString() : null;
    return new Settlement() {
      private String key; // computed on the first nack only: a digest costs a pass over the body

      private String key() {
        if (key == null) {
          key = nackKey(envelope, props, body);
        }
        return key;
      }

      /** Drops the nack count of a settled message (a digest only for a redelivered one without id). */
      private void forget() {
        if (!nacks.isEmpty() && (id != null || envelope.isRedeliver())) {
          nacks.remove(key());
        }
      }

      @Override
      public void ack() {
        forget();
        try {
          channel.basicAck(tag, false);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public boolean deadLetter() {
        forget();
        try {
          channel.basicNack(tag, false, false); // not requeued: the queue's x-dead-letter-exchange takes it
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        return true;
      }

      @Override
      public void nack() {
        boolean requeue = true;
        if (nacks.size() > MAX_TRACKED) {
          nacks.clear();
        }
        String k = key();
        int n = nacks.merge(k, 1, Integer::sum);
        if (n > maxRedeliveries) {
          nacks.remove(k);
          requeue = false;
          LOG.log(System.Logger.Level.WARNING, "message {0} on topic {1} rejected {2} times; dead-lettering it to {3}",
              id == null ? "without id" : id, topic(), n, AmqpBroker.DEAD_LETTER_EXCHANGE);
        } else if (!backOff(nackDelayMillis(n))) {
          return; // unsubscribed meanwhile: closing the channel returns the message to the queue
        }
        try {
          channel.basicNack(tag, false, requeue);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  @Override
  protected void onUnsubscribe() {
    onEnd.accept(this);
    try {
      if (consumerTag != null && channel.isOpen()) {
        channel.basicCancel(consumerTag);
      }
    } catch (IOException | RuntimeException e) {
      // the channel went away with the connection; closing below forgets it for recovery too
    }
    closeQuietly(channel);
  }

  static void closeQuietly(Channel ch) {
    try {
      ch.close();
    } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
      // already closed, or the connection is down
    }
  }
}
