package dev.micro.http.broker;

import dev.micro.broker.AbstractSubscription;
import dev.micro.broker.Handler;
import dev.micro.broker.Message;
import dev.micro.broker.SubscribeOptions;
import dev.micro.registry.Node;
import dev.micro.registry.ServiceRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One subscription of an {@link HttpBroker}: a node of {@code micro.http.broker} in the registry
 * and a bounded inbox drained in order by its own virtual thread. The HTTP broker has no
 * acknowledgements on the wire, so settling is local: a nack or a throwing handler is counted,
 * never redelivered.
 */
final class HttpSubscription extends AbstractSubscription {
  private static final Message STOP = Message.of(new byte[0]);

  private final ServiceRecord record;
  private final LinkedBlockingQueue<Message> inbox;
  private final ReentrantLock inboxLock = new ReentrantLock();
  private final ReentrantLock registration = new ReentrantLock();
  private final Consumer<HttpSubscription> onEnd;

  HttpSubscription(String topic, Handler handler, SubscribeOptions options, String nodeId, String address,
      int inboxLimit, Consumer<HttpSubscription> onEnd) {
    super(topic, handler, options);
    Node node = new Node(nodeId, address, Map.of("broker", "http", "topic", topic, "secure", "false"));
    this.record = new ServiceRecord(HttpBroker.SERVICE, options.queue().orElse(HttpBroker.BROADCAST), Map.of(),
        List.of(), List.of(node));
    this.inbox = new LinkedBlockingQueue<>(inboxLimit);
    this.onEnd = onEnd;
  }

  /** The node id, {@code <topic>-go.micro.http.broker-<uuid>}, which publishers put in {@code ?id=}. */
  String nodeId() {
    return record.nodes().get(0).id();
  }

  /** What this subscription registers: service {@code micro.http.broker}, version = queue. */
  ServiceRecord record() {
    return record;
  }

  /**
   * Held around every register and deregister of {@link #record()}, so that a renewal and the
   * deregistration at unsubscribe never overlap.
   */
  ReentrantLock registration() {
    return registration;
  }

  void start() {
    Thread.ofVirtual().name("micro-http-broker-" + topic()).start(this::run);
  }

  /** Queues {@code m} for the handler; false when unsubscribed or the inbox is full. */
  boolean offer(Message m) {
    inboxLock.lock();
    try {
      return isActive() && inbox.offer(m);
    } finally {
      inboxLock.unlock();
    }
  }

  private void run() {
    while (true) {
      Message m;
      try {
        m = inbox.take();
      } catch (InterruptedException e) {
        return;
      }
      if (m == STOP) {
        return;
      }
      if (isActive()) {
        dispatch(m, false, Settlement.NONE);
      }
    }
  }

  @Override
  protected void onUnsubscribe() {
    onEnd.accept(this);
    inboxLock.lock();
    try {
      inbox.clear(); // not handed over: a publisher only learns of the loss through its own logs
      inbox.add(STOP);
    } finally {
      inboxLock.unlock();
    }
  }
}
