package dev.micro.client;

import dev.micro.ClientStream;
import dev.micro.Metadata;
import dev.micro.MicroException;
import dev.micro.Sink;
import dev.micro.Source;
import dev.micro.Status;
import dev.micro.codec.Codecs;
import dev.micro.registry.Node;
import dev.micro.server.Dispatcher;
import dev.micro.server.EndpointHandler;
import dev.micro.server.IncomingCall;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A stream to a handler in this JVM: the handler runs on its own virtual thread and messages pass
 * through two bounded queues, so a slow side holds the other back as flow control would.
 */
final class LocalClientStream<Req, Resp> implements ClientStream<Req, Resp> {
  private static final Object END = new Object();

  private record Failure(MicroException error) {}

  private final BlockingQueue<Object> requests = new ArrayBlockingQueue<>(64);
  private final BlockingQueue<Object> responses = new ArrayBlockingQueue<>(64);
  private final Node node;
  private final Class<Resp> responseType;
  private final Codecs codecs;
  private final String contentType;
  private final EndpointHandler handler;
  private final Thread worker;
  private volatile boolean ended;

  /** Runs the handler side of the stream. */
  interface Runner {
    void run(Source<Object> in, Sink<Object> out);
  }

  /** Maps a failure of the handler side to the error the client sees. */
  interface Errors {
    MicroException map(Dispatcher unused, RuntimeException e);
  }

  static <Req, Resp> LocalClientStream<Req, Resp> start(Node node, Class<Resp> responseType, Codecs codecs, String contentType,
      EndpointHandler handler, Runner runner, Errors errors) {
    return new LocalClientStream<>(node, responseType, codecs, contentType, handler, runner, errors);
  }

  private LocalClientStream(Node node, Class<Resp> responseType, Codecs codecs, String contentType, EndpointHandler handler,
      Runner runner, Errors errors) {
    this.node = node;
    this.responseType = responseType;
    this.codecs = codecs;
    this.contentType = contentType;
    this.handler = handler;
    Source<Object> in = () -> {
      Object m = take(requests);
      return m == END ? Optional.empty() : Optional.of(m);
    };
    Sink<Object> out = m -> put(responses, m);
    this.worker = Thread.ofVirtual().name("micro-local-stream-" + handler.name()).start(() -> {
      try {
        runner.run(in, out);
        put(responses, END);
      } catch (MicroException e) {
        responses.offer(new Failure(e));
      } catch (RuntimeException e) {
        responses.offer(new Failure(errors.map(null, e)));
      }
    });
  }

  @Override
  public void send(Req message) {
    if (ended) {
      throw new MicroException(Status.FAILED_PRECONDITION.withDescription("stream has ended"), "micro.client");
    }
    put(requests, responseType == byte[].class ? message : convert(message, DiscoveryClient.rawClass(handler.requestType())));
  }

  @Override
  public void closeSend() {
    put(requests, END);
  }

  @Override
  public Optional<Resp> receive() {
    Object m = take(responses);
    if (m == END) {
      ended = true;
      return Optional.empty();
    }
    if (m instanceof Failure f) {
      ended = true;
      throw f.error;
    }
    return Optional.of(responseType.cast(responseType == byte[].class ? m : convert(m, responseType)));
  }

  private Object convert(Object m, Class<?> target) {
    if (target.isInstance(m)) {
      return m;
    }
    String ct = Messages.defaultContentType(m.getClass());
    return codecs.forType(ct, target).decode(codecs.forType(ct, m.getClass()).encode(m), target);
  }

  @Override
  public Metadata headers() {
    return Metadata.empty();
  }

  @Override
  public Node node() {
    return node;
  }

  @Override
  public void close() {
    if (!ended) {
      ended = true;
      worker.interrupt();
    }
  }

  private static Object take(BlockingQueue<Object> q) {
    try {
      return q.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MicroException(Status.CANCELLED.withDescription("stream cancelled"), "micro.client");
    }
  }

  private static void put(BlockingQueue<Object> q, Object m) {
    try {
      q.put(m);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MicroException(Status.CANCELLED.withDescription("stream cancelled"), "micro.client");
    }
  }
}
