package dev.micro.server;

import dev.micro.CallContext;
import dev.micro.Deadline;
import dev.micro.MicroException;
import dev.micro.Sink;
import dev.micro.Source;
import dev.micro.Status;
import dev.micro.codec.Codec;
import dev.micro.codec.Codecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transport-independent half of a server: finds the endpoint for a call, decodes the request
 * with the codec for the caller's content type, runs interceptors and the handler with the
 * {@link CallContext} set, maps failures to statuses, and encodes the response. Transports hand it
 * bytes; the in-process path hands it objects. Counts calls in flight so that a stopping service
 * can drain them. Safe for concurrent use.
 */
public final class Dispatcher {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

  private final String service;
  private final Map<String, EndpointHandler> endpoints;
  private final Codecs codecs;
  private final List<ServerInterceptor> interceptors;
  private final int maxMessageBytes;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ReentrantLock idleLock = new ReentrantLock();
  private final Condition idle = idleLock.newCondition();
  private volatile boolean draining;

  public Dispatcher(String service, Collection<EndpointHandler> handlers, Codecs codecs,
      List<ServerInterceptor> interceptors, int maxMessageBytes) {
    this.service = service;
    Map<String, EndpointHandler> map = new TreeMap<>();
    for (EndpointHandler h : handlers) {
      if (map.put(h.name(), h) != null) {
        throw new IllegalArgumentException("endpoint " + h.name() + " is registered twice");
      }
    }
    this.endpoints = java.util.Collections.unmodifiableMap(map);
    this.codecs = codecs;
    this.interceptors = List.copyOf(interceptors);
    this.maxMessageBytes = maxMessageBytes;
  }

  public String service() {
    return service;
  }

  public Codecs codecs() {
    return codecs;
  }

  /** The largest message, in bytes, the server accepts or sends. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /** Every endpoint, by name. */
  public Map<String, EndpointHandler> endpoints() {
    return endpoints;
  }

  public Optional<EndpointHandler> find(String endpoint) {
    return Optional.ofNullable(endpoints.get(endpoint));
  }

  /**
   * The endpoint called {@code endpoint}.
   *
   * @throws MicroException UNIMPLEMENTED listing the endpoints that exist
   */
  public EndpointHandler route(String endpoint) {
    EndpointHandler h = endpoints.get(endpoint);
    if (h == null) {
      throw new MicroException(Status.UNIMPLEMENTED.withDescription(
          "unknown endpoint '%s' on service %s; endpoints: %s", endpoint, service, String.join(", ", endpoints.keySet())), service);
    }
    return h;
  }

  /** A RESOURCE_EXHAUSTED error for a message over the limit. */
  public MicroException tooLarge(long size) {
    return new MicroException(Status.RESOURCE_EXHAUSTED.withDescription(
        "message of %d bytes exceeds the limit of %d bytes", size, maxMessageBytes), service);
  }

  /** Runs a unary call over bytes and returns the encoded response. */
  public byte[] unary(IncomingCall call, EndpointHandler h, byte[] body) {
    begin(call);
    try (CallContext.Scope ignored = context(call).attach()) {
      Codec in = codecs.forType(call.contentType(), h.requestType());
      Object request = decode(in, body, h);
      Object response = intercepted(call, () -> h.unary(request));
      Codec out = codecs.forType(call.contentType(), h.responseType());
      byte[] encoded = out.encode(response);
      if (encoded.length > maxMessageBytes) {
        throw tooLarge(encoded.length);
      }
      return encoded;
    } catch (Throwable t) {
      throw toError(h.name(), t);
    } finally {
      end();
    }
  }

  /** Runs a unary call on objects, for the in-process path. */
  public Object unaryLocal(IncomingCall call, EndpointHandler h, Object request) {
    begin(call);
    try (CallContext.Scope ignored = context(call).attach()) {
      return intercepted(call, () -> h.unary(request));
    } catch (Throwable t) {
      throw toError(h.name(), t);
    } finally {
      end();
    }
  }

  /** Runs a streaming call over frames of bytes. Returns when the handler has finished. */
  public void stream(IncomingCall call, EndpointHandler h, Source<byte[]> in, Sink<byte[]> out) {
    begin(call);
    try (CallContext.Scope ignored = context(call).attach()) {
      Codec reqCodec = codecs.forType(call.contentType(), h.requestType());
      Codec respCodec = codecs.forType(call.contentType(), h.responseType());
      Source<Object> decoded = () -> in.receive().map(b -> decode(reqCodec, b, h));
      Sink<Object> encoded = msg -> {
        byte[] b = respCodec.encode(msg);
        if (b.length > maxMessageBytes) {
          throw tooLarge(b.length);
        }
        out.send(b);
      };
      intercepted(call, () -> {
        h.stream(decoded, encoded);
        return null;
      });
    } catch (Throwable t) {
      throw toError(h.name(), t);
    } finally {
      end();
    }
  }

  /** Runs a streaming call on objects, for the in-process path. */
  public void streamLocal(IncomingCall call, EndpointHandler h, Source<Object> in, Sink<Object> out) {
    begin(call);
    try (CallContext.Scope ignored = context(call).attach()) {
      intercepted(call, () -> {
        h.stream(in, out);
        return null;
      });
    } catch (Throwable t) {
      throw toError(h.name(), t);
    } finally {
      end();
    }
  }

  private Object decode(Codec codec, byte[] body, EndpointHandler h) {
    try {
      return codec.decode(body, h.requestType());
    } catch (MicroException e) {
      throw new MicroException(Status.INVALID_ARGUMENT.withDescription(
          "malformed request for %s: %s", h.name(), e.detail()), service);
    } catch (RuntimeException e) {
      throw new MicroException(Status.INVALID_ARGUMENT.withDescription(
          "malformed request for %s: %s", h.name(), e.getMessage()), service);
    }
  }

  private Object intercepted(IncomingCall call, ServerInterceptor.Next handler) throws Exception {
    if (interceptors.isEmpty()) {
      return handler.proceed();
    }
    return chain(0, call, handler);
  }

  private Object chain(int i, IncomingCall call, ServerInterceptor.Next handler) throws Exception {
    if (i == interceptors.size()) {
      return handler.proceed();
    }
    return interceptors.get(i).intercept(call, () -> chain(i + 1, call, handler));
  }

  private CallContext context(IncomingCall call) {
    return new CallContext(service, call.endpoint(), call.metadata(), call.deadline());
  }

  private void begin(IncomingCall call) {
    if (draining) {
      throw new MicroException(Status.UNAVAILABLE.withDescription("service %s is shutting down", service), service);
    }
    Deadline d = call.deadline();
    if (d != null && d.isExpired()) {
      throw new MicroException(Status.DEADLINE_EXCEEDED.withDescription("deadline passed before %s started", call.endpoint()), service);
    }
    inFlight.incrementAndGet();
  }

  private void end() {
    if (inFlight.decrementAndGet() == 0 && draining) {
      idleLock.lock();
      try {
        idle.signalAll();
      } finally {
        idleLock.unlock();
      }
    }
  }

  /**
   * The error to send for a failure: a {@link MicroException} as it is (tagged with this service),
   * anything else as INTERNAL with no detail of the exception, which is logged here instead.
   */
  public MicroException toError(String endpoint, Throwable t) {
    if (t instanceof MicroException m) {
      return m.id().isEmpty() ? m.withId(service) : m;
    }
    Status s = Status.fromThrowable(t);
    if (s.code() != Status.Code.INTERNAL) {
      return new MicroException(s, service);
    }
    LOG.log(System.Logger.Level.WARNING, "handler " + endpoint + " of " + service + " failed", t);
    return new MicroException(Status.INTERNAL.withDescription("internal error in %s", endpoint), service);
  }

  /** Calls in flight now. */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Refuses new calls with UNAVAILABLE (so clients retry elsewhere) and waits up to {@code timeout}
   * for the calls in flight. Returns whether they all finished.
   */
  public boolean drain(Duration timeout) throws InterruptedException {
    draining = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    idleLock.lock();
    try {
      while (inFlight.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        idle.awaitNanos(left);
      }
      return true;
    } finally {
      idleLock.unlock();
    }
  }

  /** The endpoint names, for messages. */
  public List<String> endpointNames() {
    return new ArrayList<>(endpoints.keySet());
  }
}
