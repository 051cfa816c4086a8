package dev.micro.nats;

import dev.micro.Metadata;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.events.AbstractConsumer;
import dev.micro.events.ConsumeOptions;
import dev.micro.events.Event;
import dev.micro.events.EventHandler;
import dev.micro.events.Offset;
import io.nats.client.ConsumerContext;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.StreamContext;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * One member of a group on a {@link JetStreamEvents} topic: a durable pull consumer drained by a
 * virtual thread. See {@link JetStreamEvents} for the semantics.
 */
final class JetStreamConsumer extends AbstractConsumer {
  private static final System.Logger LOG = System.getLogger(JetStreamConsumer.class.getName());
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration RETRY = Duration.ofMillis(250);
  private static final int CONSUMER_NOT_FOUND = 10014;

  private final JetStreamEvents events;
  private final String stream;
  private final String durable;
  private final boolean randomGroup;
  private final StreamContext streamContext;
  private final ConsumerConfiguration config;
  private ConsumerContext context; // the member's thread only, after start
  private volatile IterableConsumer pulls;
  private volatile boolean renew;
  private volatile Thread thread;

  private JetStreamConsumer(JetStreamEvents events, String topic, String group, boolean randomGroup,
      ConsumeOptions options, EventHandler handler, StreamContext streamContext, ConsumerConfiguration config,
      ConsumerContext context) throws IOException, JetStreamApiException {
    super(topic, group, handler, options);
    this.events = events;
    this.stream = JetStreamEvents.name(topic);
    this.durable = JetStreamEvents.name(group);
    this.randomGroup = randomGroup;
    this.streamContext = streamContext;
    this.config = config;
    this.context = context;
    this.pulls = iterate(context);
  }

  static JetStreamConsumer start(JetStreamEvents events, String topic, String group, boolean randomGroup,
      ConsumeOptions options, EventHandler handler) throws IOException, JetStreamApiException {
    StreamContext sc = events.connection().getStreamContext(JetStreamEvents.name(topic));
    ConsumerConfiguration config = config(topic, JetStreamEvents.name(group), randomGroup, options);
    JetStreamConsumer c = new JetStreamConsumer(events, topic, group, randomGroup, options, handler, sc, config,
        context(sc, config));
    c.thread = Thread.ofVirtual().name("micro-jetstream-" + topic + "-" + group).start(c::run);
    return c;
  }

  /**
   * The group's consumer on the server: if it exists it resumes where it is, with its
   * {@code maxDeliver} and ack wait updated to {@code config}'s where they differ, except that a
   * longer ack wait is kept back while events are delivered and not yet acknowledged (JetStream
   * would make those wait the new ack wait too, so the events of a member that died would come
   * back late); else it is made.
   *
   * @throws MicroException with {@code FAILED_PRECONDITION} if the server refuses the update
   */
  private static ConsumerContext context(StreamContext sc, ConsumerConfiguration config)
      throws IOException, JetStreamApiException {
    ConsumerInfo info;
    try {
      info = sc.getConsumerInfo(config.getDurable());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != CONSUMER_NOT_FOUND) {
        throw e;
      }
      return sc.createOrUpdateConsumer(config);
    }
    ConsumerConfiguration have = info.getConsumerConfiguration();
    long haveMax = unlimitedAsMinusOne(have.getMaxDeliver());
    long wantMax = unlimitedAsMinusOne(config.getMaxDeliver());
    Duration ackWait = config.getAckWait();
    if (ackWait.compareTo(have.getAckWait()) > 0 && info.getNumAckPending() > 0) {
      LOG.log(System.Logger.Level.WARNING, "group " + info.getName() + " of stream " + info.getStreamName()
          + " keeps ackWait " + have.getAckWait() + " instead of " + ackWait + " for now: "
          + info.getNumAckPending() + " events are delivered and not acknowledged, and would wait the longer one");
      ackWait = have.getAckWait();
    }
    if (have.getAckWait().equals(ackWait) && haveMax == wantMax) {
      return sc.getConsumerContext(config.getDurable());
    }
    try {
      return sc.createOrUpdateConsumer(ConsumerConfiguration.builder(have).ackWait(ackWait).maxDeliver(wantMax).build());
    } catch (JetStreamApiException refused) {
      throw new MicroException(Status.FAILED_PRECONDITION.withDescription("group " + info.getName() + " of stream "
          + info.getStreamName() + " has ackWait " + have.getAckWait() + " and maxDeliver " + haveMax
          + " on the server, which refused to change them (expected: ackWait " + ackWait
          + " and maxDeliver " + wantMax + " as the consume options ask): " + refused.getMessage())
          .withCause(refused), "micro.events");
    }
  }

  private static long unlimitedAsMinusOne(long maxDeliver) {
    return maxDeliver < 1 ? -1 : maxDeliver;
  }

  private IterableConsumer iterate(ConsumerContext cc) throws IOException, JetStreamApiException {
    return cc.iterate(io.nats.client.ConsumeOptions.builder().batchSize(events.batch()).build());
  }

  /**
   * Asks for fresh pulls: after a reconnect the server may be a restarted one that forgot the
   * pulls waiting on it, which jnats would notice only when they expire (some 30 s).
   */
  void renewPulls() {
    renew = true;
  }

  /** Replaces the pulls; false (to try again later) while the server cannot take them yet. */
  private boolean replacePulls() {
    end(pulls, Duration.ofMillis(10));
    try {
      try {
        pulls = iterate(context);
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != CONSUMER_NOT_FOUND) {
          throw e;
        }
        context = context(streamContext, config); // the server lost the group: make it again
        pulls = iterate(context);
      }
      return true;
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "pulling again on " + stream + "/" + durable + ": " + e.getMessage());
      return false;
    }
  }

  private static ConsumerConfiguration config(String topic, String durable, boolean randomGroup, ConsumeOptions o) {
    ConsumerConfiguration.Builder b = ConsumerConfiguration.builder()
        .durable(durable)
        .filterSubject(topic)
        .ackPolicy(AckPolicy.Explicit)
        .ackWait(o.ackWait())
        .maxDeliver(o.retryLimit().map(r -> r + 1L).orElse(-1L));
    switch (o.offset()) {
      case Offset.Beginning x -> b.deliverPolicy(DeliverPolicy.All);
      case Offset.NewOnly x -> b.deliverPolicy(DeliverPolicy.New);
      case Offset.At at -> b.deliverPolicy(DeliverPolicy.ByStartTime).startTime(ZonedDateTime.ofInstant(at.time(), ZoneOffset.UTC));
    }
    if (randomGroup) {
      b.inactiveThreshold(Duration.ofMinutes(5)); // removed by the server if its process dies
    }
    return b.build();
  }

  private void run() {
    while (isActive()) {
      if (renew) {
        renew = false;
        if (!replacePulls()) {
          renew = true;
          sleepQuietly(RETRY);
          continue;
        }
      }
      Message m;
      try {
        m = pulls.nextMessage(POLL);
      } catch (InterruptedException e) {
        continue;
      } catch (Exception e) { // status errors while the server is away; jnats keeps pulling
        LOG.log(System.Logger.Level.DEBUG, "pull on " + stream + "/" + durable + ": " + e.getMessage());
        continue;
      }
      if (m == null) {
        continue;
      }
      if (!isActive()) {
        m.nak();
        break;
      }
      handle(m);
    }
    handBack();
  }

  private void handle(Message m) {
    int attempt = (int) Math.min(Integer.MAX_VALUE, m.metaData().deliveredCount());
    Event e;
    try {
      e = Event.fromJson(m.getData());
    } catch (IllegalArgumentException notOurs) { // a plain message published to the subject
      e = new Event(stream + "-" + m.metaData().streamSequence(), topic(), m.metaData().timestamp().toInstant(),
          Metadata.empty(), m.getData());
    }
    String id = e.id();
    int max = options().maxDeliveries();
    dispatch(e, attempt, new Settlement() {
      @Override
      public void ack() {
        try {
          m.ackSync(events.requestTimeout()); // confirmed: an acknowledged event never comes again
        } catch (java.util.concurrent.TimeoutException e) {
          throw new IllegalStateException("JetStream did not confirm the acknowledgement within "
              + events.requestTimeout() + "; the event comes again after its ack wait", e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted acknowledging; the event comes again after its ack wait", e);
        }
      }

      @Override
      public void nack() {
        if (attempt >= max) {
          m.term();
          countDropped(id, attempt);
        } else {
          m.nakWithDelay(options().nackDelay(attempt)); // as the other streams: later events go first meanwhile
        }
      }
    });
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      // woken by close: the loop looks at isActive
    }
  }

  /**
   * Ends {@code p}, giving the events it pulled but did not hand to the handler back to the group;
   * {@code drain} is how long to wait for each one still on its way.
   */
  private void end(IterableConsumer p, Duration drain) {
    try {
      p.stop();
      Message m;
      while ((m = p.nextMessage(drain)) != null) {
        m.nak();
      }
    } catch (Exception e) {
      LOG.log(System.Logger.Level.DEBUG, "handing back pulled events of " + stream + "/" + durable + ": " + e.getMessage());
    }
    try {
      p.close();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.DEBUG, "closing pulls of " + stream + "/" + durable + ": " + e.getMessage());
    }
  }

  /** Ends the pulls for good, and the group if it was this member's own. */
  private void handBack() {
    end(pulls, Duration.ofMillis(100));
    if (randomGroup) {
      try {
        events.management().deleteConsumer(stream, durable);
      } catch (IOException | JetStreamApiException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "cannot remove consumer " + durable + ": " + e.getMessage());
      }
    }
  }

  @Override
  protected void onClose() {
    events.forget(this);
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
