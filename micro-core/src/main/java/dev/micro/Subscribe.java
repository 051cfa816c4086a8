package dev.micro;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of an object given to {@link ServiceBuilder#handle(Object)} or
 * {@link ServiceBuilder#subscribe(Object)} a subscriber of {@link #topic()}. The method returns
 * {@code void} and takes the event, decoded by the message's content type, and optionally the
 * message headers:
 *
 * <pre>{@code
 * @Subscribe(topic = "users.created")
 * public void created(UserCreated event, Metadata headers) { ... }
 * }</pre>
 *
 * <p>By default the instances of one service share a queue named after the service, so each
 * message is handled by one instance of each subscribing service; {@link #broadcast()} gives
 * every instance every message. Registered as endpoint {@code Handler.Method} with metadata
 * {@code topic} and {@code subscriber=true}. Throwing rejects the message (see
 * {@link dev.micro.broker.Broker}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Subscribe {
  /** The topic to subscribe to. */
  String topic();

  /** The queue group; empty (the default) means the service's name. */
  String queue() default "";

  /** Whether every instance gets every message (no queue group); default {@code false}. */
  boolean broadcast() default false;

  /**
   * Whether a message is acknowledged when the method returns (default). Without it the method
   * settles the message through {@link dev.micro.server.Subscriber#currentDelivery()}.
   */
  boolean autoAck() default true;
}
