package dev.micro.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.CallContext;
import dev.micro.Deadline;
import dev.micro.Metadata;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.codec.Codecs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DispatcherTest {
  static final CountDownLatch release = new CountDownLatch(1);
  static final CountDownLatch entered = new CountDownLatch(1);

  public static class EchoHandler {
    public byte[] echo(byte[] in) {
      return in;
    }

    public byte[] who(byte[] in) {
      return CallContext.currentMetadata().get("caller").orElse("?").getBytes(StandardCharsets.UTF_8);
    }

    public byte[] fail(byte[] in) {
      throw new IllegalStateException("secret database password in message");
    }

    public byte[] refuse(byte[] in) {
      throw Status.PERMISSION_DENIED.withDescription("not yours").asException();
    }

    public byte[] slow(byte[] in) throws InterruptedException {
      entered.countDown();
      release.await(10, TimeUnit.SECONDS);
      return in;
    }
  }

  private final Dispatcher dispatcher = new Dispatcher("echo", new PojoHandlerAdapter().adapt(new EchoHandler()), Codecs.load(),
      List.of((call, next) -> {
        if (call.metadata().get("blocked").isPresent()) {
          throw Status.UNAUTHENTICATED.withDescription("blocked").asException();
        }
        return next.proceed();
      }), 1024);

  private byte[] call(String endpoint, Metadata md) {
    IncomingCall c = new IncomingCall(endpoint, "application/octet-stream", md, Deadline.after(Duration.ofSeconds(5)), "test");
    return dispatcher.unary(c, dispatcher.route(endpoint), "hi".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void runsTheHandlerWithTheCallsMetadata() {
    assertThat(call("Echo.Echo", Metadata.empty())).asString().isEqualTo("hi");
    assertThat(call("Echo.Who", Metadata.of("Caller", "alice"))).asString().isEqualTo("alice");
  }

  @Test
  void anUnknownEndpointListsTheEndpointsThatExist() {
    assertThatThrownBy(() -> dispatcher.route("Echo.Nope"))
        .isInstanceOfSatisfying(MicroException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.UNIMPLEMENTED);
          assertThat(e.detail()).contains("Echo.Nope", "Echo.Echo", "Echo.Who");
        });
  }

  @Test
  void aHandlerBugIsInternalWithoutItsMessage() {
    assertThatThrownBy(() -> call("Echo.Fail", Metadata.empty()))
        .isInstanceOfSatisfying(MicroException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INTERNAL);
          assertThat(e.toJson()).doesNotContain("password").contains("Echo.Fail");
          assertThat(e.id()).isEqualTo("echo");
        });
  }

  @Test
  void aHandlersOwnErrorPassesThrough() {
    assertThatThrownBy(() -> call("Echo.Refuse", Metadata.empty()))
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.status().toString()).isEqualTo("PERMISSION_DENIED: not yours"));
  }

  @Test
  void anInterceptorCanRefuseBeforeTheHandlerRuns() {
    assertThatThrownBy(() -> call("Echo.Echo", Metadata.of("blocked", "1")))
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void anUnsupportedContentTypeNamesTheSupportedOnes() {
    IncomingCall c = new IncomingCall("Echo.Echo", "text/x-unknown", Metadata.empty(), null, "test");
    assertThatThrownBy(() -> dispatcher.unary(c, dispatcher.route("Echo.Echo"), new byte[0]))
        .isInstanceOfSatisfying(MicroException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.detail()).contains("text/x-unknown", "application/octet-stream");
        });
  }

  @Test
  void drainingWaitsForCallsInFlightAndRefusesNewOnes() throws Exception {
    Thread t = Thread.ofVirtual().start(() -> call("Echo.Slow", Metadata.empty()));
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    Thread drainer = Thread.ofVirtual().start(() -> {
      try {
        dispatcher.drain(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    org.awaitility.Awaitility.await().until(() -> {
      try {
        call("Echo.Echo", Metadata.empty());
        return false;
      } catch (MicroException e) {
        return e.code() == Status.Code.UNAVAILABLE;
      }
    });
    assertThat(drainer.isAlive()).isTrue();
    release.countDown();
    drainer.join(5000);
    t.join(5000);
    assertThat(drainer.isAlive()).isFalse();
    assertThat(dispatcher.inFlight()).isZero();
  }
}
