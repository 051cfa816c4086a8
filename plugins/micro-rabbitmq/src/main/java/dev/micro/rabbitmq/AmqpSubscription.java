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
        dispatch(message(props, body), envelope.isRedeliver(), settlement(envelope.getDeliveryTag(), props));
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

  private Settlement settlement(long tag, AMQP.BasicProperties props) {
    String id = props.getMessageId() != null ? props.getMessageId()
        : props.getHeaders() != null && props.getHeaders().get(Message.ID_HEADER) != null
            ? props.getHeaders().get(Message.ID_HEADER).toString() : null;
    return new Settlement() {
      @Override
      public void ack() {
        if (id != null) {
          nacks.remove(id);
        }
        try {
          channel.basicAck(tag, false);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public boolean deadLetter() {
        if (id != null) {
          nacks.remove(id);
        }
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
        if (id != null) {
          if (nacks.size() > MAX_TRACKED) {
            nacks.clear();
          }
          int n = nacks.merge(id, 1, Integer::sum);
          if (n > maxRedeliveries) {
            nacks.remove(id);
            requeue = false;
            LOG.log(System.Logger.Level.WARNING, "message {0} on topic {1} rejected {2} times; dead-lettering it to {3}",
                id, topic(), n, AmqpBroker.DEAD_LETTER_EXCHANGE);
          }
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
