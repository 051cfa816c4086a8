package dev.micro.broker;

/**
 * Receives the messages of a subscription, one at a time per subscription, on a virtual thread.
 * Throwing nacks the delivery (see {@link Broker}).
 */
@FunctionalInterface
public interface Handler {
  /** Handles one delivery; throw to reject it. */
  void handle(Delivery delivery) throws Exception;
}
