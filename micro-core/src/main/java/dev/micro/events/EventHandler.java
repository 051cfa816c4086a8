package dev.micro.events;

/**
 * Receives the events of a {@link Consumer}, one at a time per consumer, on a virtual thread.
 * Throwing nacks the delivery (see {@link Events}).
 */
@FunctionalInterface
public interface EventHandler {
  /** Handles one delivery; throw to reject it. */
  void handle(EventDelivery delivery) throws Exception;
}
