package dev.micro.examples.greeter;

import dev.micro.Micro;
import dev.micro.Service;

/**
 * Runs the greeter service on the embedded defaults (file registry, gRPC), or on whatever the
 * {@code MICRO_*} variables choose.
 *
 * <pre>
 * ./micro run examples/greeter
 * ./micro call greeter Greeter.Hello '{"name":"Alice"}'
 * </pre>
 */
public final class GreeterMain {
  private GreeterMain() {}

  /** Builds the greeter service: what {@link #main} starts, and what tests start in-process. */
  public static Service start() {
    return Micro.service("greeter")
        .handle(new GreeterService())
        .idempotent("Greeter.Hello")
        .start();
  }

  public static void main(String[] args) throws InterruptedException {
    Service svc = start();
    System.out.println("greeter " + svc.node().id() + " listening on " + svc.address());
    svc.run();
  }
}
