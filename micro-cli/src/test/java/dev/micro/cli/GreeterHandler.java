package dev.micro.cli;

import dev.micro.CallContext;
import dev.micro.Metadata;
import dev.micro.Sink;
import dev.micro.Source;
import java.util.concurrent.atomic.AtomicReference;

/** The service the command line is tried against: a unary hello and an echoing chat. */
public final class GreeterHandler {
  /** The metadata of the last hello call, as the handler saw it. */
  public final AtomicReference<Metadata> lastMetadata = new AtomicReference<>(Metadata.empty());

  public HelloReply hello(HelloRequest request) {
    lastMetadata.set(CallContext.currentMetadata());
    return new HelloReply("Hello " + request.name());
  }

  public void chat(Source<ChatMessage> in, Sink<ChatMessage> out) {
    for (ChatMessage m : in) {
      out.send(m);
    }
  }

  public record HelloRequest(String name) {}

  public record HelloReply(String message) {}

  public record ChatMessage(String text) {}
}
