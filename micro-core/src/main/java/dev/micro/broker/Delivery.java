package dev.micro.broker;

/**
 * One message as handed to a {@link Handler}: the topic, the message, and the means to settle it.
 * Settling is idempotent: the first {@link #ack()} or {@link #nack()} wins and later calls do
 * nothing. Safe to settle from any thread, also after the handler has returned.
 */
public interface Delivery {
  /** The topic the message was published to. */
  String topic();

  /** The message. */
  Message message();

  /** Whether the broker delivered this message before (and it was not acknowledged then). */
  boolean redelivered();

  /** Acknowledges the message: it is done with. Automatic unless autoAck is off. */
  void ack();

  /**
   * Rejects the message: brokers that can redeliver send it again (up to their limit), the others
   * drop it. Counted as a failure of the subscription.
   */
  void nack();

  /**
   * Rejects the message as one that can never be processed (it does not decode, say): a broker
   * with a dead-letter facility routes it there at once, without redelivery, counts a failure and
   * returns {@code true}. Brokers without one leave the delivery unsettled and return
   * {@code false}, so the caller settles it otherwise. Also {@code false} once settled.
   */
  default boolean deadLetter() {
    return false;
  }
}
