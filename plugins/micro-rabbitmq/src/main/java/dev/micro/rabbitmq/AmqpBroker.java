package dev.micro.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.broker.Broker;
import dev.micro.broker.Handler;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import dev.micro.broker.Subscription;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A broker on RabbitMQ ({@code amqp://guest:guest@127.0.0.1:5672}), laid out as go-micro's
 * rabbitmq broker so that Go and Java services share topics: messages go to the durable topic
 * exchange {@code micro} with the topic as routing key, headers in the AMQP header table and
 * {@code Content-Type} also as the content-type property; the body is sent as is.
 *
 * <p><b>Queues.</b> A queue group is a durable, shared queue per topic and group, named
 * {@code <topic>.<group>} (Spring Cloud Stream's {@code destination.group}) and bound to that
 * topic only; its messages wait there while no member is connected. One group name on two topics
 * is two queues, so a service that subscribes to several topics under its own name gets each
 * topic's messages only in that topic's subscription. (go-micro names the queue after the group
 * alone; a Go member of the same group therefore does not share these queues.) A subscription
 * without a group gets an exclusive, auto-deleted, server-named queue of its own. A topic, and a
 * group's queue name, is at most 255 bytes in UTF-8 (AMQP's limit; longer is
 * {@code INVALID_ARGUMENT}); joining a group whose queue exists with other settings (declared by
 * another client) is {@code FAILED_PRECONDITION} with the server's reason.
 *
 * <p><b>Acknowledgement.</b> Deliveries are acknowledged manually (by autoAck after the handler,
 * or by the handler). A nack, or a handler that throws, waits on the subscription's delivery
 * thread (its later deliveries wait too) and is then {@code basicNack(requeue=true)}: the message
 * comes back at the head of its queue. The wait is 100 ms after the first nack of a message,
 * doubling with each further one, at most 5 s, as event streams' nack delay. After
 * {@code maxRedeliveries} nacks of one message (counted by this subscription, by its message-id
 * property or {@code Micro-Id}) it is nacked without requeue, at once, and RabbitMQ dead-letters
 * it to the topic exchange {@code micro.dlx} with its original routing key; bind a queue there to
 * keep dead letters, else RabbitMQ drops them. Each nack counts as a failure. A message without an
 * id (from a plain AMQP publisher) is counted by a digest of its routing key, headers and body, so
 * it too backs off and is dead-lettered after {@code maxRedeliveries}; identical messages without
 * an id share one count.
 *
 * <p><b>Threads and order.</b> Each subscription has its own channel; amqp-client hands a
 * channel's deliveries to one virtual thread at a time, in queue order. Publishing shares one
 * channel under a lock; if the server closes it (a channel error, such as a message to an
 * exchange that no longer exists) while the connection is up, the next publish opens a new one.
 * A body over {@code maxMessageSize} (default 128 MiB, RabbitMQ's default limit) is refused with
 * {@code RESOURCE_EXHAUSTED} before it is sent.
 *
 * <p><b>Delivery to the server.</b> As in go-micro, by default a message is transient and a
 * publish returns once it is written to the socket: a message waiting in a queue is lost if the
 * server stops, and one written just before the connection breaks can be lost without an error.
 * With {@code persistent} messages are written to disk in durable (queue group) queues and
 * survive a restart; with {@code confirm} a publish returns only once the server has taken the
 * message (for persistent messages in durable queues: written it to disk), and throws
 * {@code UNAVAILABLE} if it refuses, the connection breaks first, or no confirm comes within the
 * confirm timeout; the message may then have arrived or not, so publishing again can duplicate
 * it. Publishers on many threads share the server's confirms.
 *
 * <p><b>Outages.</b> amqp-client's automatic connection and topology recovery are on: after the
 * server comes back the connection, channels, exchanges, queues, bindings and consumers are
 * restored on the same broker object. Publishing while the connection is down fails with
 * {@code UNAVAILABLE}. Thread-safe.
 */
public final class AmqpBroker implements Broker {
  /** The exchange go-micro publishes to. */
  public static final String EXCHANGE = "micro";
  /** Where messages rejected too often are dead-lettered. */
  public static final String DEAD_LETTER_EXCHANGE = "micro.dlx";
  private static final System.Logger LOG = System.getLogger(AmqpBroker.class.getName());

  private final Connection connection;
  private final ExecutorService consumers;
  private final String describe;
  private final String exchange;
  private final int prefetch;
  private final int maxRedeliveries;
  private final ReentrantLock publishLock = new ReentrantLock();
  // replaced under publishLock when the server has closed it (a channel error) while the connection is up
  private volatile Channel publishChannel;
  private final boolean persistent;
  private final int maxMessageSize;
  private final java.time.Duration confirmTimeout; // null: no publisher confirms
  private volatile PublisherConfirms confirms; // null: no publisher confirms; one per publish channel
  private final Set<AmqpSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  AmqpBroker(AmqpBrokerBuilder b) throws IOException, TimeoutException {
    this.describe = b.describe();
    this.exchange = b.exchange();
    this.prefetch = b.prefetch();
    this.maxRedeliveries = b.maxRedeliveries();
    this.persistent = b.persistent();
    this.maxMessageSize = b.maxMessageSize();
    this.confirmTimeout = b.confirmTimeout();
    this.consumers = Executors.newVirtualThreadPerTaskExecutor();
    ConnectionFactory f = b.factory();
    f.setSharedExecutor(consumers);
    f.setAutomaticRecoveryEnabled(true);
    f.setTopologyRecoveryEnabled(true);
    Connection c = f.newConnection(b.addresses(), "micro");
    try {
      this.publishChannel = c.createChannel();
      publishChannel.exchangeDeclare(exchange, "topic", true);
      publishChannel.exchangeDeclare(DEAD_LETTER_EXCHANGE, "topic", true);
      this.confirms = confirmTimeout == null ? null : new PublisherConfirms(publishChannel);
    } catch (IOException | RuntimeException e) {
      c.abort();
      throw e;
    }
    this.connection = c;
    if (c instanceof Recoverable r) {
      r.addRecoveryListener(new RecoveryListener() {
        @Override
        public void handleRecovery(Recoverable recoverable) {
          LOG.log(System.Logger.Level.INFO, "connection to {0} recovered", describe);
        }

        @Override
        public void handleRecoveryStarted(Recoverable recoverable) {
          LOG.log(System.Logger.Level.INFO, "connection to {0} lost; recovering", describe);
        }
      });
    }
  }

  /** A builder; defaults to {@code guest:guest@127.0.0.1:5672}. */
  public static AmqpBrokerBuilder builder() {
    return new AmqpBrokerBuilder();
  }

  @Override
  public void publish(String topic, Message message) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(message, "message");
    requireOpen();
    requireShortName("topic", topic);
    Message m = message.addressedTo(topic);
    if (m.body().length > maxMessageSize) {
      throw new MicroException(Status.RESOURCE_EXHAUSTED.withDescription("cannot publish to " + topic + " on "
          + describe + ": body: " + m.body().length + " bytes (expected: at most maxMessageSize, " + maxMessageSize
          + " bytes)"), "micro.broker");
    }
    Map<String, Object> table = new HashMap<>();
    m.headers().forEach(table::put);
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
        .headers(table)
        .contentType(m.headers().get(Message.CONTENT_TYPE_HEADER).orElse(null))
        .messageId(m.id())
        .deliveryMode(persistent ? 2 : 1)
        .build();
    java.util.concurrent.CompletableFuture<Void> confirmed = null;
    long tag = 0;
    PublisherConfirms pc = null;
    publishLock.lock();
    try {
      requireOpen();
      for (int attempt = 1; ; attempt++) {
        reopenPublishChannelIfClosed();
        Channel ch = publishChannel;
        pc = confirms;
        tag = pc == null ? 0 : ch.getNextPublishSeqNo();
        confirmed = pc == null ? null : pc.expect(tag);
        try {
          ch.basicPublish(exchange, topic, props, m.body());
          break;
        } catch (IOException | RuntimeException e) {
          if (pc != null) {
            pc.forget(tag);
          }
          // Not sent: the server closed the channel just now. Once more on a new one.
          if (attempt == 1 && e instanceof AlreadyClosedException && !ch.isOpen() && connection.isOpen()) {
            continue;
          }
          throw e;
        }
      }
    } catch (IOException | RuntimeException e) {
      requireOpen();
      throw unavailable("cannot publish to " + topic, e);
    } finally {
      publishLock.unlock();
    }
    if (confirmed != null) {
      awaitConfirm(topic, pc, tag, confirmed);
    }
  }

  /**
   * Replaces the publish channel if the server has closed it (a channel-level error such as a
   * message over its size limit) while the connection is up, so that the error costs one publish
   * and not every later one. While the connection is down the channel is left to recovery.
   * Call under the publish lock.
   */
  private void reopenPublishChannelIfClosed() throws IOException {
    Channel old = publishChannel;
    if (old.isOpen() || !connection.isOpen()) {
      return;
    }
    LOG.log(System.Logger.Level.WARNING, "publish channel to {0} closed by the server ({1}); opening a new one",
        describe, old.getCloseReason() == null ? "no reason" : old.getCloseReason().getMessage());
    AmqpSubscription.closeQuietly(old); // also forgets it for connection recovery
    Channel ch = connection.createChannel();
    if (ch == null) {
      throw new IOException("no channel available on the connection");
    }
    try {
      PublisherConfirms pc = confirmTimeout == null ? null : new PublisherConfirms(ch);
      publishChannel = ch;
      confirms = pc;
    } catch (IOException | RuntimeException e) {
      AmqpSubscription.closeQuietly(ch);
      throw e;
    }
  }

  /** Waits, outside the publish lock, until the server has taken the message (or refused it). */
  private void awaitConfirm(String topic, PublisherConfirms confirms, long tag,
      java.util.concurrent.CompletableFuture<Void> confirmed) {
    try {
      confirmed.get(confirmTimeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw unavailable("publish to " + topic + " not confirmed", (Exception) e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      confirms.forget(tag); // no one waits for it any more, however long the server takes
      throw unavailable("publish to " + topic + " not confirmed within " + confirmTimeout, e);
    } catch (InterruptedException e) {
      confirms.forget(tag);
      Thread.currentThread().interrupt();
      throw new MicroException(Status.CANCELLED.withDescription("interrupted waiting for the server to confirm a "
          + "publish to " + topic + " on " + describe), "micro.broker");
    }
  }

  @Override
  public Subscription subscribe(String topic, Handler handler, SubscribeOptions options) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    requireOpen();
    requireShortName("topic", topic);
    String group = options.queue().map(q -> groupQueue(topic, q)).orElse(null);
    if (group != null) {
      requireShortName("queue", group);
    }
    Channel ch = null;
    AmqpSubscription s = null;
    try {
      ch = connection.createChannel();
      ch.basicQos(prefetch);
      Map<String, Object> args = Map.of("x-dead-letter-exchange", DEAD_LETTER_EXCHANGE);
      String queue = group != null
          ? ch.queueDeclare(group, true, false, false, args).getQueue()
          : ch.queueDeclare("", false, true, true, args).getQueue();
      ch.queueBind(queue, exchange, topic);
      s = new AmqpSubscription(topic, handler, options, ch, maxRedeliveries, subscriptions::remove);
      subscriptions.add(s);
      s.consume(queue);
      if (closed) {
        s.unsubscribe();
      }
      return s;
    } catch (IOException | RuntimeException e) {
      if (s != null) {
        subscriptions.remove(s);
      }
      if (ch != null) {
        AmqpSubscription.closeQuietly(ch);
      }
      requireOpen();
      String what = "cannot subscribe to " + topic + (group == null ? "" : " in queue " + group);
      Status refused = switch (channelReplyCode(e)) {
        case AMQP.PRECONDITION_FAILED, AMQP.RESOURCE_LOCKED -> Status.FAILED_PRECONDITION; // e.g. other settings
        case AMQP.ACCESS_REFUSED -> Status.PERMISSION_DENIED;
        default -> null;
      };
      if (refused != null) {
        throw new MicroException(refused.withDescription(what + " on " + describe + ": the server refused: "
            + reason(e)).withCause(e), "micro.broker");
      }
      throw unavailable(what, e);
    }
  }

  /** The durable queue of {@code group} on {@code topic}: {@code <topic>.<group>}. */
  static String groupQueue(String topic, String group) {
    return topic + "." + group;
  }

  /** Whether the connection is up now (it may be recovering). */
  public boolean isConnected() {
    return connection.isOpen();
  }

  /** Publishes waiting for the server's confirm; 0 without publisher confirms. */
  int unconfirmed() {
    PublisherConfirms pc = confirms;
    return pc == null ? 0 : pc.outstanding();
  }

  @Override
  public String describe() {
    return describe;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    subscriptions.forEach(Subscription::unsubscribe);
    try {
      connection.close(2_000);
    } catch (IOException | RuntimeException e) {
      connection.abort();
    }
    consumers.shutdown();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("broker " + describe + " is closed");
    }
  }

  private MicroException unavailable(String what, Exception e) {
    return new MicroException(Status.UNAVAILABLE.withDescription(what + " on " + describe + ": " + reason(e))
        .withCause(e), "micro.broker");
  }

  /** AMQP limits topics (routing keys) and queue names to 255 bytes. */
  private static void requireShortName(String name, String value) {
    if (value.length() <= 85) {
      return; // at most 3 bytes of UTF-8 per char: within 255 without encoding it
    }
    int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes > 255) {
      throw new MicroException(Status.INVALID_ARGUMENT.withDescription(name + ": '"
          + value.substring(0, Math.min(value.length(), 40)) + "...', " + bytes
          + " bytes in UTF-8 (expected: at most 255, AMQP's limit)"), "micro.broker");
    }
  }

  /** The reply code of the channel error behind {@code e} (the server closed the channel), or 0. */
  private static int channelReplyCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException sse && !sse.isHardError()
          && sse.getReason() instanceof AMQP.Channel.Close close) {
        return close.getReplyCode();
      }
    }
    return 0;
  }

  /**
   * Why {@code e} happened: its message, else (an amqp-client IOException has none when the server
   * closed the channel or connection) the server's reply text, else the first message in the chain.
   */
  static String reason(Throwable e) {
    if (e.getMessage() != null) {
      return e.getMessage();
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException sse) {
        if (sse.getReason() instanceof AMQP.Channel.Close close) {
          return close.getReplyText();
        }
        if (sse.getReason() instanceof AMQP.Connection.Close close) {
          return close.getReplyText();
        }
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        return t.getMessage();
      }
    }
    return e.getClass().getName();
  }

  /** Subscriptions not ended yet. */
  int subscriptionCount() {
    return subscriptions.size();
  }
}
