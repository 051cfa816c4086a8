package dev.micro.tests;

import dev.micro.CallContext;
import dev.micro.Client;
import dev.micro.Idempotent;
import dev.micro.Status;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A plain-object handler used by the end-to-end tests: endpoints {@code Shop.*}, JSON on the wire. */
public class Shop {
  public record Order(String item, int count) {}

  public record Receipt(String item, int count, String node, String caller, long deadlineMillis) {}

  private final String node;
  private final Client onward;
  final CountDownLatch slowEntered = new CountDownLatch(1);
  final CountDownLatch slowRelease = new CountDownLatch(1);

  Shop(String node, Client onward) {
    this.node = node;
    this.onward = onward;
  }

  @Idempotent
  public Receipt buy(Order o) {
    if (o.count() < 0) {
      throw Status.INVALID_ARGUMENT.withDescription("count must be >= 0, was %d", o.count()).asException();
    }
    long left = CallContext.currentDeadline().map(d -> d.remaining().toMillis()).orElse(-1L);
    return new Receipt(o.item(), o.count(), node, CallContext.currentMetadata().get("Caller").orElse(""), left);
  }

  public Receipt crash(Order o) {
    throw new IllegalStateException("do not leak this: jdbc://secret");
  }

  public Receipt sleep(Order o) throws InterruptedException {
    Thread.sleep(Duration.ofMillis(o.count()));
    return new Receipt(o.item(), o.count(), node, "", 0);
  }

  public Receipt slow(Order o) throws InterruptedException {
    slowEntered.countDown();
    slowRelease.await(20, TimeUnit.SECONDS);
    return new Receipt(o.item(), o.count(), node, "", 0);
  }

  /** Calls {@code Shop.Buy} on the service named in the order's item, passing on what it was given. */
  public Receipt forward(Order o) {
    return onward.call(o.item(), "Shop.Buy", new Order(o.item(), o.count()), Receipt.class);
  }
}
