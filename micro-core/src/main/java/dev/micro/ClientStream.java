package dev.micro;

import dev.micro.registry.Node;

/**
 * A client's side of a stream: send requests, receive responses, both blocking. One thread may
 * send while another receives. Close it when done; closing before the end cancels the stream.
 */
public interface ClientStream<Req, Resp> extends Sink<Req>, Source<Resp>, AutoCloseable {
  /** Says no more requests will be sent; the server sees the end of its input. */
  void closeSend();

  /** The response metadata, once the server has sent it. */
  Metadata headers();

  /** The node serving the stream. */
  Node node();

  /** Cancels the stream if it has not ended. */
  @Override
  void close();
}
