package dev.micro.http;

import dev.micro.CallContext;
import dev.micro.Deadline;
import dev.micro.MicroException;
import dev.micro.Sink;
import dev.micro.Status;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The handler the HTTP transport tests call: endpoints {@code Greeter.*}. */
public final class GreeterHandler {
  public record HelloRequest(String name) {}

  public record HelloReply(String message) {}

  public record Seen(Map<String, String> metadata, long deadlineMillis, boolean hasDeadline) {}

  final CountDownLatch release = new CountDownLatch(1);

  public HelloReply hello(HelloRequest request) {
    return new HelloReply("Hello " + request.name());
  }

  public Seen inspect(HelloRequest request) {
    Map<String, String> md = new TreeMap<>(CallContext.currentMetadata().asMap());
    long left = CallContext.currentDeadline().map(Deadline::remaining).map(d -> d.toMillis()).orElse(-1L);
    return new Seen(md, left, CallContext.currentDeadline().isPresent());
  }

  public HelloReply missing(HelloRequest request) {
    throw new MicroException(Status.NOT_FOUND.withDescription("user " + request.name()), "users");
  }

  public HelloReply crash(HelloRequest request) {
    throw new IllegalStateException("secret database password");
  }

  public HelloReply slow(HelloRequest request) throws InterruptedException {
    release.await(30, TimeUnit.SECONDS);
    return new HelloReply("late");
  }

  public void stream(HelloRequest request, Sink<HelloReply> out) {
    out.send(new HelloReply("one"));
  }
}
