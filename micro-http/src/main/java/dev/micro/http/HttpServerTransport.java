package dev.micro.http;

import com.sun.net.httpserver.HttpServer;
import dev.micro.http.internal.MucpHandler;
import dev.micro.server.Dispatcher;
import dev.micro.transport.ServerTransport;
import dev.micro.transport.TransportOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server half of the HTTP transport: the JDK's {@link HttpServer}, one virtual thread per
 * exchange, speaking go-micro's HTTP protocol ("mucp"). A call is a {@code POST} whose endpoint is
 * named by the {@code Micro-Endpoint} header or by the path, so both go-micro clients and plain
 * HTTP tools can call it:
 *
 * <pre>
 * curl -H 'Content-Type: application/json' -d '{"name":"Alice"}' http://127.0.0.1:8080/Greeter.Hello
 * </pre>
 *
 * <p>The request's {@code Content-Type} picks the codec ({@code application/json} when absent),
 * {@code Timeout} (integer nanoseconds) sets the deadline, and the other headers become call
 * metadata. Failures answer with the status code's HTTP code and go-micro's error JSON, in the
 * {@code Micro-Error} header and as the body. A body over the dispatcher's
 * {@link Dispatcher#maxMessageBytes() limit} is refused with 413 without being read. {@code GET /}
 * lists the endpoints. Streaming endpoints need the grpc transport.
 *
 * <p>Options: {@code backlog} (the listen backlog; the system default when absent). Safe for
 * concurrent use; start once.
 */
public final class HttpServerTransport implements ServerTransport {
  private final int backlog;
  private final ReentrantLock lock = new ReentrantLock();
  private HttpServer server;
  private ExecutorService executor;

  /** A server transport configured by {@code options}. */
  public HttpServerTransport(TransportOptions options) {
    Objects.requireNonNull(options, "options");
    String b = options.params().getOrDefault("backlog", "0");
    try {
      this.backlog = Integer.parseInt(b);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("backlog: " + b + " (expected: an integer)", e);
    }
  }

  @Override
  public String name() {
    return "http";
  }

  @Override
  public InetSocketAddress start(String host, int port, Dispatcher dispatcher) throws IOException {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dispatcher, "dispatcher");
    lock.lock();
    try {
      if (server != null) {
        throw new IllegalStateException("the http server is already started on " + server.getAddress());
      }
      HttpServer s = HttpServer.create(new InetSocketAddress(host, port), backlog);
      ExecutorService e = Executors.newVirtualThreadPerTaskExecutor();
      s.createContext("/", new MucpHandler(dispatcher));
      s.setExecutor(e);
      s.start();
      server = s;
      executor = e;
      return s.getAddress();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops accepting connections, waits up to {@code grace} (rounded up to whole seconds) for the
   * exchanges in progress, then interrupts the handlers still running.
   */
  @Override
  public void stop(Duration grace) {
    lock.lock();
    try {
      if (server == null) {
        return;
      }
      long seconds = Math.max(0, (grace.toMillis() + 999) / 1000);
      server.stop((int) Math.min(Integer.MAX_VALUE, seconds));
      executor.shutdownNow();
      try {
        executor.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server = null;
      executor = null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "HttpServerTransport[" + (server == null ? "stopped" : server.getAddress()) + "]";
    } finally {
      lock.unlock();
    }
  }
}
