package dev.micro.grpc;

import dev.micro.CallOptions;
import dev.micro.Client;
import dev.micro.ClientStream;
import dev.micro.Metadata;
import dev.micro.MicroException;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC {@link Channel} that sends every call through a Micro {@link Client}: discovery, load
 * balancing, retries, deadlines and metadata propagation, and the in-process path. Lets generated
 * gRPC stubs call a service by name.
 *
 * <pre>{@code
 * GreeterGrpc.GreeterBlockingStub greeter = GreeterGrpc.newBlockingStub(MicroChannel.of(client, "greeter"));
 * HelloReply r = greeter.hello(HelloRequest.newBuilder().setName("Alice").build());
 * }</pre>
 *
 * <p>Endpoints are named from the method: {@code greeter.Greeter/Hello} calls {@code Greeter.Hello}
 * of the service. Request headers become call metadata; the stub's deadline becomes the call's
 * timeout. Safe for concurrent use.
 */
public final class MicroChannel extends Channel {
  private final Client client;
  private final String service;

  private MicroChannel(Client client, String service) {
    this.client = Objects.requireNonNull(client, "client");
    this.service = Objects.requireNonNull(service, "service");
  }

  /** A channel to {@code service}, calling through {@code client}. */
  public static MicroChannel of(Client client, String service) {
    return new MicroChannel(client, service);
  }

  @Override
  public <Req, Resp> ClientCall<Req, Resp> newCall(MethodDescriptor<Req, Resp> method, io.grpc.CallOptions options) {
    return new Call<>(method, options);
  }

  @Override
  public String authority() {
    return service;
  }

  /** {@code pkg.Greeter} + {@code Hello} is {@code Greeter.Hello}. */
  static String endpoint(MethodDescriptor<?, ?> method) {
    String svc = Objects.requireNonNull(method.getServiceName(), "service name");
    return svc.substring(svc.lastIndexOf('.') + 1) + "." + method.getBareMethodName();
  }

  private final class Call<Req, Resp> extends ClientCall<Req, Resp> {
    private final MethodDescriptor<Req, Resp> method;
    private final io.grpc.CallOptions grpcOptions;
    private final Class<Resp> responseType;
    private Listener<Resp> listener;
    private CallOptions options;
    private Req request;
    private ClientStream<Req, Resp> stream;
    private volatile Thread worker;
    private Executor callbacks;

    @SuppressWarnings("unchecked")
    Call(MethodDescriptor<Req, Resp> method, io.grpc.CallOptions grpcOptions) {
      this.method = method;
      this.grpcOptions = grpcOptions;
      if (!(method.getResponseMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> pm)) {
        throw new IllegalArgumentException("method " + method.getFullMethodName() + " (expected: protobuf messages)");
      }
      this.responseType = (Class<Resp>) pm.getMessagePrototype().getClass();
    }

    @Override
    public void start(Listener<Resp> listener, io.grpc.Metadata headers) {
      // Blocking stubs drain callbacks on their own thread through the call's executor.
      Executor e = grpcOptions.getExecutor();
      this.callbacks = e == null ? Runnable::run : new Serializing(e);
      this.listener = listener;
      CallOptions o = CallOptions.DEFAULT.withMetadata(GrpcMetadata.toMicro(headers));
      Deadline d = grpcOptions.getDeadline();
      if (d != null) {
        o = o.withTimeout(java.time.Duration.ofNanos(Math.max(1, d.timeRemaining(TimeUnit.NANOSECONDS))));
      }
      this.options = o;
      if (method.getType().clientSendsOneMessage()) {
        return;
      }
      stream = client.stream(service, endpoint(method), responseType, options);
      read();
    }

    @Override
    public void request(int numMessages) {
      // Messages are handed on as they arrive; Micro's streams apply their own flow control.
    }

    @Override
    public void sendMessage(Req message) {
      if (stream != null) {
        stream.send(message);
      } else {
        request = message;
      }
    }

    @Override
    public void halfClose() {
      if (stream != null) {
        stream.closeSend();
        return;
      }
      if (method.getType() == MethodDescriptor.MethodType.UNARY) {
        worker = Thread.ofVirtual().name("micro-channel-" + method.getBareMethodName()).start(() -> {
          try {
            Resp r = client.call(service, endpoint(method), request, responseType, options);
            callbacks.execute(() -> {
              listener.onHeaders(new io.grpc.Metadata());
              listener.onMessage(r);
              listener.onClose(Status.OK, new io.grpc.Metadata());
            });
          } catch (RuntimeException e) {
            callbacks.execute(() -> listener.onClose(toGrpc(e), new io.grpc.Metadata()));
          }
        });
      } else {
        stream = client.stream(service, endpoint(method), responseType, options);
        stream.send(request);
        stream.closeSend();
        read();
      }
    }

    private void read() {
      worker = Thread.ofVirtual().name("micro-channel-" + method.getBareMethodName()).start(() -> {
        try {
          callbacks.execute(() -> listener.onHeaders(new io.grpc.Metadata()));
          while (true) {
            var m = stream.receive();
            if (m.isEmpty()) {
              break;
            }
            Resp msg = m.get();
            callbacks.execute(() -> listener.onMessage(msg));
          }
          callbacks.execute(() -> listener.onClose(Status.OK, new io.grpc.Metadata()));
        } catch (RuntimeException e) {
          callbacks.execute(() -> listener.onClose(toGrpc(e), new io.grpc.Metadata()));
        }
      });
    }

    @Override
    public void cancel(String message, Throwable cause) {
      if (stream != null) {
        stream.close();
      }
      Thread w = worker;
      if (w != null) {
        w.interrupt();
      }
    }
  }

  /** Runs tasks one at a time, in order, on an executor that may not. */
  private static final class Serializing implements Executor {
    private final Executor delegate;
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean();

    Serializing(Executor delegate) {
      this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
      delegate.execute(this::drain);
    }

    private void drain() {
      while (!tasks.isEmpty() && running.compareAndSet(false, true)) {
        try {
          Runnable r;
          while ((r = tasks.poll()) != null) {
            r.run();
          }
        } finally {
          running.set(false);
        }
      }
    }
  }

  static Status toGrpc(RuntimeException e) {
    dev.micro.Status s = e instanceof MicroException m ? m.status() : dev.micro.Status.fromThrowable(e);
    return Status.fromCodeValue(s.code().value()).withDescription(s.description().orElse(null)).withCause(e);
  }

  /** Reads the ASCII headers of a gRPC call as Micro metadata. */
  static final class GrpcMetadata {
    private GrpcMetadata() {}

    static Metadata toMicro(io.grpc.Metadata headers) {
      Metadata md = Metadata.empty();
      for (String key : headers.keys()) {
        if (key.endsWith(io.grpc.Metadata.BINARY_HEADER_SUFFIX) || key.startsWith("grpc-")) {
          continue;
        }
        String v = headers.get(io.grpc.Metadata.Key.of(key, io.grpc.Metadata.ASCII_STRING_MARSHALLER));
        if (v != null) {
          md = md.with(key, v);
        }
      }
      return md;
    }
  }
}
