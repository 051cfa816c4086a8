package dev.micro.http;

import dev.micro.Deadline;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.http.internal.Bodies;
import dev.micro.http.internal.MucpHeaders;
import dev.micro.plugin.PluginUri;
import dev.micro.transport.ClientTransport;
import dev.micro.transport.ConnectFailure;
import dev.micro.transport.OutgoingCall;
import dev.micro.transport.TransportOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client half of the HTTP transport: {@link HttpClient} over HTTP/1.1 with pooled
 * connections, sending each call as go-micro's clients do, a {@code POST /} with
 * {@code Content-Type}, {@code Accept}, {@code Micro-Service}, {@code Micro-Endpoint},
 * {@code Micro-Method}, {@code Micro-Id} and {@code Timeout} (nanoseconds left before the
 * deadline) plus a header per metadata entry. So it calls this module's servers and go-micro's
 * own HTTP servers alike.
 *
 * <p>A response that is not 200, or that carries {@code Micro-Error}, is rebuilt into the
 * server's {@link MicroException}. A timeout is DEADLINE_EXCEEDED; a node that cannot be reached
 * is a {@link ConnectFailure}. Streams need the grpc transport.
 *
 * <p>Options: {@code connectTimeout} (default 5s, as go-micro's dial timeout). Safe for
 * concurrent use.
 */
public final class HttpClientTransport implements ClientTransport {
  private static final String ID = "micro.client";
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final HttpClient client;
  private final ExecutorService executor;
  private final int maxMessageBytes;
  private final AtomicLong ids = new AtomicLong();

  /** A client transport configured by {@code options}. */
  public HttpClientTransport(TransportOptions options) {
    Objects.requireNonNull(options, "options");
    Duration connectTimeout = options.params().containsKey("connectTimeout")
        ? PluginUri.parseDuration("connectTimeout", options.params().get("connectTimeout"))
        : Duration.ofSeconds(5);
    this.maxMessageBytes = options.maxMessageBytes();
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .executor(executor)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public String name() {
    return "http";
  }

  @Override
  public Response unary(String address, OutgoingCall call, byte[] body) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(body, "body");
    if (body.length > maxMessageBytes) {
      throw new MicroException(Status.RESOURCE_EXHAUSTED.withDescription(
          "request of %d bytes to %s exceeds the limit of %d bytes", body.length, call.endpoint(), maxMessageBytes), ID);
    }
    HttpRequest request = request(address, call, body);
    HttpResponse<InputStream> response = send(address, call, request);
    try (InputStream in = response.body()) {
      return read(address, response, in);
    } catch (IOException e) {
      throw new MicroException(Status.UNAVAILABLE.withDescription(
          "reading the response of %s from %s failed: %s", call.endpoint(), address, e.getMessage()).withCause(e), ID);
    }
  }

  private HttpRequest request(String address, OutgoingCall call, byte[] body) {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(uri(address));
      call.metadata().forEach((k, v) -> {
        if (MucpHeaders.sendable(k)) {
          b.header(k, v);
        }
      });
    } catch (IllegalArgumentException e) {
      throw new MicroException(Status.INVALID_ARGUMENT.withDescription(
          "cannot call %s: %s", address, e.getMessage()).withCause(e), ID);
    }
    b.POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header(MucpHeaders.CONTENT_TYPE, call.contentType())
        .header("Accept", call.contentType())
        .header(MucpHeaders.SERVICE, call.service())
        .header(MucpHeaders.ENDPOINT, call.endpoint())
        .header(MucpHeaders.METHOD, call.endpoint())
        .header(MucpHeaders.ID, Long.toString(ids.incrementAndGet()));
    Deadline deadline = call.deadline();
    if (deadline != null) {
      long left = deadline.remainingNanos();
      if (left <= 0) {
        throw new MicroException(Status.DEADLINE_EXCEEDED.withDescription(
            "deadline passed before calling %s at %s", call.endpoint(), address), ID);
      }
      b.header(MucpHeaders.TIMEOUT, Long.toString(left)).timeout(Duration.ofNanos(left));
    }
    return b.build();
  }

  private HttpResponse<InputStream> send(String address, OutgoingCall call, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw ConnectFailure.of(address, e);
    } catch (HttpTimeoutException e) {
      throw new MicroException(Status.DEADLINE_EXCEEDED.withDescription(
          "call to %s %s at %s timed out", call.service(), call.endpoint(), address).withCause(e), ID);
    } catch (IOException e) {
      if (ConnectFailure.is(e)) {
        throw ConnectFailure.of(address, e);
      }
      throw new MicroException(Status.UNAVAILABLE.withDescription(
          "call to %s %s at %s failed: %s", call.service(), call.endpoint(), address, e).withCause(e), ID);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MicroException(Status.CANCELLED.withDescription(
          "call to %s %s was interrupted", call.service(), call.endpoint()).withCause(e), ID);
    }
  }

  private Response read(String address, HttpResponse<InputStream> response, InputStream in) throws IOException {
    int status = response.statusCode();
    String error = MucpHeaders.first(response.headers().map(), MucpHeaders.ERROR).orElse("");
    OptionalLong length = Bodies.length(response.headers().firstValue("Content-Length").orElse(null));
    if (status != 200 || !error.isEmpty()) {
      // go-micro's own servers answer 200 with Micro-Error set, so the header decides too.
      Status.Code fallback = status == 200 ? Status.Code.UNKNOWN : Status.Code.ofHttp(status);
      if (error.isEmpty()) {
        byte[] b = in.readNBytes(MAX_ERROR_BODY);
        error = new String(b, StandardCharsets.UTF_8).strip();
      }
      if (error.isEmpty()) {
        throw new MicroException(Status.of(fallback).withDescription("HTTP %d from %s", status, address), ID);
      }
      MicroException e = MicroException.fromJson(error, fallback);
      Optional<String> exact = MucpHeaders.first(response.headers().map(), MucpHeaders.CODE);
      if (exact.isPresent() && exact.get().matches("\\d{1,2}")) {
        Status.Code code = Status.Code.ofValue(Integer.parseInt(exact.get()));
        throw new MicroException(Status.of(code).withDescription(e.detail()), e.id());
      }
      throw e;
    }
    if (length.isPresent() && length.getAsLong() > maxMessageBytes) {
      throw tooLarge(address, length.getAsLong() + " bytes");
    }
    byte[] body = Bodies.readAtMost(in, maxMessageBytes, length);
    if (body == null) {
      throw tooLarge(address, "more than " + maxMessageBytes + " bytes");
    }
    return new Response(body, MucpHeaders.responseMetadata(response.headers().map()));
  }

  private MicroException tooLarge(String address, String size) {
    return new MicroException(Status.RESOURCE_EXHAUSTED.withDescription(
        "response of %s from %s exceeds the limit of %d bytes", size, address, maxMessageBytes), ID);
  }

  private static URI uri(String address) {
    if (address.startsWith("http://") || address.startsWith("https://")) {
      return URI.create(address);
    }
    return URI.create("http://" + address + "/");
  }

  /** Always fails: streaming over HTTP is not supported yet. */
  @Override
  public Stream stream(String address, OutgoingCall call) {
    throw new MicroException(Status.UNIMPLEMENTED.withDescription(
        "%s is a streaming call; streaming needs the grpc transport", call.endpoint()), ID);
  }

  /** Closes the pooled connections, giving calls in flight a second to finish. */
  @Override
  public void close() {
    client.shutdown();
    try {
      if (!client.awaitTermination(Duration.ofSeconds(1))) {
        client.shutdownNow();
      }
    } catch (InterruptedException e) {
      client.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
  }
}
