package dev.micro.transport;

import dev.micro.Metadata;
import java.util.Optional;

/**
 * The calling half of a transport. It keeps connections to node addresses and reuses them.
 * Failures come out as {@link dev.micro.MicroException}; a failure to reach the address at all is
 * made with {@link ConnectFailure#of}, which tells the client the call never reached a server and
 * is safe to retry anywhere. Safe for concurrent use.
 */
public interface ClientTransport extends AutoCloseable {
  String name();

  /** Sends one request to {@code address} and waits for the response. */
  Response unary(String address, OutgoingCall call, byte[] body);

  /** Opens a stream to {@code address}. */
  Stream stream(String address, OutgoingCall call);

  @Override
  void close();

  /** A unary response: the body and the response metadata (headers). */
  record Response(byte[] body, Metadata headers) {}

  /** A stream of byte frames in both directions. */
  interface Stream {
    /** Sends one frame; blocks while the peer is not ready. */
    void send(byte[] frame);

    /** Says no more frames will be sent. */
    void closeSend();

    /**
     * The next frame, empty at the normal end of the stream.
     *
     * @throws dev.micro.MicroException with the server's error
     */
    Optional<byte[]> receive();

    /** Response headers, once known (empty before). */
    Metadata headers();

    /** Abandons the stream. */
    void cancel(String reason);
  }
}
