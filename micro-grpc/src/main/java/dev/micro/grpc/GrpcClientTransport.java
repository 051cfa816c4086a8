package dev.micro.grpc;

import dev.micro.CallType;
import dev.micro.Deadline;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.grpc.internal.BytesMarshaller;
import dev.micro.grpc.internal.ClientStream;
import dev.micro.grpc.internal.GrpcErrors;
import dev.micro.grpc.internal.GrpcHeaders;
import dev.micro.grpc.internal.GrpcTls;
import dev.micro.grpc.internal.UnaryListener;
import dev.micro.transport.ClientTransport;
import dev.micro.transport.ConnectFailure;
import dev.micro.transport.OutgoingCall;
import dev.micro.transport.TransportOptions;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NegotiationType;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC client half. Calls go to {@code /<service>.<Handler>/<Method>} (for example
 * {@code /greeter.Greeter/Hello}, as go-micro's client sends them) with the codec's content type
 * in the {@code x-content-type} header, metadata as lower-case headers and the deadline as
 * {@code grpc-timeout}.
 *
 * <p>One channel per address is kept until {@link #close}: plaintext, or TLS when
 * {@link TransportOptions#tls()} is set, presenting the key manager's certificate (if any) and
 * checking the server's chain and host name ({@code 127.0.0.1}, {@code localhost}, or a name the
 * certificate lists). A failed handshake fails the call with UNAVAILABLE. Errors come back as the
 * server sent them: from go-micro's {@code errors.Error} status detail, else from the description
 * read as go-micro's error JSON, else from the status code. A node that cannot be reached fails
 * with {@link ConnectFailure}. Safe for concurrent use.
 */
public final class GrpcClientTransport implements ClientTransport {
  private final TransportOptions options;
  private final ConcurrentHashMap<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<MethodKey, MethodDescriptor<byte[], byte[]>> methods = new ConcurrentHashMap<>();
  private final SslContext ssl;
  private volatile boolean closed;

  private record MethodKey(String service, String endpoint, CallType type) {}

  /** A client with these options; channels open on first use. */
  public GrpcClientTransport(TransportOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.ssl = options.tls().map(GrpcTls::client).orElse(null);
  }

  @Override
  public String name() {
    return "grpc";
  }

  @Override
  public Response unary(String address, OutgoingCall call, byte[] body) {
    ClientCall<byte[], byte[]> c = newCall(address, call);
    UnaryListener listener = new UnaryListener();
    c.start(listener, headers(call));
    c.request(2);
    c.sendMessage(body);
    c.halfClose();
    try {
      listener.await();
    } catch (InterruptedException e) {
      c.cancel("interrupted", e);
      Thread.currentThread().interrupt();
      throw new MicroException(Status.CANCELLED.withDescription("interrupted while calling %s", call.endpoint()), "micro.client");
    }
    io.grpc.Status s = listener.status();
    if (!s.isOk()) {
      throw error(address, s, listener.trailers());
    }
    if (listener.response() == null) {
      throw new MicroException(Status.INTERNAL.withDescription("%s at %s sent no response", call.endpoint(), address), "micro.client");
    }
    Metadata h = listener.headers();
    return new Response(listener.response(), h == null ? dev.micro.Metadata.empty() : GrpcHeaders.toMetadata(h));
  }

  @Override
  public Stream stream(String address, OutgoingCall call) {
    ClientCall<byte[], byte[]> c = newCall(address, call);
    return new ClientStream((s, t) -> error(address, s, t)).start(c, headers(call));
  }

  private ClientCall<byte[], byte[]> newCall(String address, OutgoingCall call) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(call, "call");
    CallOptions opts = CallOptions.DEFAULT;
    Deadline d = call.deadline();
    if (d != null) {
      long left = d.remainingNanos();
      if (left <= 0) {
        throw new MicroException(Status.DEADLINE_EXCEEDED.withDescription(
            "deadline passed before calling %s", call.endpoint()), "micro.client");
      }
      opts = opts.withDeadlineAfter(left, TimeUnit.NANOSECONDS);
    }
    return channel(address).newCall(method(call), opts);
  }

  private MethodDescriptor<byte[], byte[]> method(OutgoingCall call) {
    return methods.computeIfAbsent(new MethodKey(call.service(), call.endpoint(), call.type()),
        k -> BytesMarshaller.method(GrpcHeaders.fullMethodName(k.service(), k.endpoint()), GrpcHeaders.methodType(k.type())));
  }

  private static Metadata headers(OutgoingCall call) {
    Metadata h = new Metadata();
    GrpcHeaders.putAll(call.metadata(), h);
    h.put(GrpcHeaders.X_CONTENT_TYPE, call.contentType());
    return h;
  }

  private ManagedChannel channel(String address) {
    if (closed) {
      throw new IllegalStateException("grpc client transport is closed");
    }
    return channels.computeIfAbsent(address, a -> {
      NettyChannelBuilder b = NettyChannelBuilder.forTarget(a)
          // Listeners only queue and signal; running them on the transport thread saves a hop.
          .directExecutor()
          .maxInboundMessageSize(options.maxMessageBytes());
      if (ssl != null) {
        b.sslContext(ssl).negotiationType(NegotiationType.TLS);
      } else {
        b.usePlaintext();
      }
      return b.build();
    });
  }

  private static MicroException error(String address, io.grpc.Status s, Metadata trailers) {
    if (s.getCode() == io.grpc.Status.Code.UNAVAILABLE && ConnectFailure.is(s.getCause())) {
      return ConnectFailure.of(address, s.getCause());
    }
    return GrpcErrors.fromStatus(s, trailers);
  }

  @Override
  public void close() {
    closed = true;
    for (ManagedChannel c : channels.values()) {
      c.shutdownNow();
    }
    try {
      for (ManagedChannel c : channels.values()) {
        c.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channels.clear();
  }
}
