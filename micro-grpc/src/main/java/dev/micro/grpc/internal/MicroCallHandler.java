package dev.micro.grpc.internal;

import dev.micro.Deadline;
import dev.micro.MicroException;
import dev.micro.server.Dispatcher;
import dev.micro.server.EndpointHandler;
import dev.micro.server.IncomingCall;
import dev.micro.transport.PeerService;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts every call: finds the endpoint, reads the content type, metadata, deadline, remote
 * address and, over mutual TLS, the caller's service identity, and hands the call to a unary or a
 * streaming listener.
 */
final class MicroCallHandler implements ServerCallHandler<byte[], byte[]> {
  private final Dispatcher dispatcher;
  private final EndpointHandler endpoint;

  /** A handler for one endpoint, or for every unknown method name when {@code endpoint} is null. */
  MicroCallHandler(Dispatcher dispatcher, EndpointHandler endpoint) {
    this.dispatcher = dispatcher;
    this.endpoint = endpoint;
  }

  @Override
  public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
    EndpointHandler h = endpoint;
    if (h == null) {
      String name = call.getMethodDescriptor().getFullMethodName();
      String parsed = GrpcHeaders.endpoint(name);
      try {
        h = dispatcher.route(parsed == null ? name : parsed);
      } catch (MicroException e) {
        closeWithError(call, e);
        return new ServerCall.Listener<>() {};
      }
    }
    io.grpc.Deadline d = Context.current().getDeadline();
    Deadline deadline = d == null ? null : Deadline.afterNanos(d.timeRemaining(TimeUnit.NANOSECONDS));
    IncomingCall in = new IncomingCall(h.name(), GrpcHeaders.contentType(headers), metadata(call, headers),
        deadline, remote(call));
    if (h.type().isStreaming()) {
      return new StreamingCall(dispatcher, h, in, call).start();
    }
    return new UnaryCall(dispatcher, h, in, call).start();
  }

  /**
   * The call's metadata, with {@link PeerService#METADATA_KEY} set only from the verified client
   * certificate: a header of that name sent by the caller is dropped, so it cannot be forged.
   */
  private static dev.micro.Metadata metadata(ServerCall<?, ?> call, Metadata headers) {
    dev.micro.Metadata md = GrpcHeaders.toMetadata(headers).without(PeerService.METADATA_KEY);
    Optional<String> peer = GrpcTls.peerService(call);
    return peer.isPresent() ? md.with(PeerService.METADATA_KEY, peer.get()) : md;
  }

  private static String remote(ServerCall<?, ?> call) {
    SocketAddress a = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    if (a instanceof InetSocketAddress i) {
      return i.getHostString() + ":" + i.getPort();
    }
    return a == null ? "" : a.toString();
  }

  /** Closes a call with an error, never with a stack trace; a call already gone is left alone. */
  static void closeWithError(ServerCall<?, ?> call, MicroException e) {
    try {
      call.close(GrpcErrors.toStatus(e), GrpcErrors.trailers(e));
    } catch (IllegalStateException alreadyClosed) {
      // the caller cancelled or the call was closed before the handler finished
    }
  }
}
