package dev.micro;

/**
 * Handles the events of a subscription, decoded into {@code T}, with the message headers
 * ({@code Micro-Topic}, {@code Micro-Id} and what the publisher sent, less {@code Content-Type}).
 * Runs on a virtual thread, one event at a time per subscription, with a {@link CallContext}
 * carrying the headers so that calls made from it pass them on. Throwing rejects the event.
 *
 * <pre>{@code
 * Micro.service("mailer")
 *     .subscribe("users.created", UserCreated.class, (user, headers) -> sendWelcome(user))
 *     .start();
 * }</pre>
 */
@FunctionalInterface
public interface SubscriberHandler<T> {
  /** Handles one event; throw to reject it. */
  void handle(T event, Metadata headers) throws Exception;
}
