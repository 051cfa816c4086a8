package dev.micro.client;

import dev.micro.ClientStream;
import dev.micro.Metadata;
import dev.micro.codec.Codec;
import dev.micro.codec.Codecs;
import dev.micro.registry.Node;
import dev.micro.transport.ClientTransport;
import java.util.Optional;

/** A typed stream over a transport's byte stream. */
final class TransportClientStream<Req, Resp> implements ClientStream<Req, Resp> {
  private final ClientTransport.Stream stream;
  private final Node node;
  private final Codecs codecs;
  private final Codec responseCodec;
  private final String contentType;
  private final Class<Resp> responseType;
  private volatile boolean ended;

  TransportClientStream(ClientTransport.Stream stream, Node node, Codecs codecs, Codec responseCodec, String contentType, Class<Resp> responseType) {
    this.stream = stream;
    this.node = node;
    this.codecs = codecs;
    this.responseCodec = responseCodec;
    this.contentType = contentType;
    this.responseType = responseType;
  }

  @Override
  public void send(Req message) {
    stream.send(codecs.forType(contentType, message.getClass()).encode(message));
  }

  @Override
  public void closeSend() {
    stream.closeSend();
  }

  @Override
  public Optional<Resp> receive() {
    try {
      Optional<byte[]> frame = stream.receive();
      if (frame.isEmpty()) {
        ended = true;
        return Optional.empty();
      }
      return Optional.of(responseType.cast(responseCodec.decode(frame.get(), responseType)));
    } catch (RuntimeException e) {
      ended = true;
      throw e;
    }
  }

  @Override
  public Metadata headers() {
    return stream.headers();
  }

  @Override
  public Node node() {
    return node;
  }

  @Override
  public void close() {
    if (!ended) {
      stream.cancel("closed by the client");
    }
  }
}
