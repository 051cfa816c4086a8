package dev.micro.server;

import java.util.List;

/**
 * Turns a handler object into endpoints. The core has one for plain Java objects; micro-grpc adds
 * one for generated gRPC services. Found with {@link java.util.ServiceLoader}; the adapter with
 * the highest priority that {@link #supports} an object wins.
 */
public interface HandlerAdapter {
  boolean supports(Object handler);

  default int priority() {
    return 0;
  }

  /**
   * The endpoints of {@code handler}.
   *
   * @throws IllegalArgumentException if the object exposes no endpoint
   */
  List<EndpointHandler> adapt(Object handler);
}
