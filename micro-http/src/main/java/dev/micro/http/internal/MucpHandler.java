package dev.micro.http.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.micro.Deadline;
import dev.micro.Metadata;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.internal.Json;
import dev.micro.server.Dispatcher;
import dev.micro.server.EndpointHandler;
import dev.micro.server.IncomingCall;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Serves one HTTP exchange as a unary call through the {@link Dispatcher}. The endpoint comes from
 * the {@code Micro-Endpoint} (or {@code Micro-Method}) header, as go-micro's clients send it, or
 * from the last path segment ({@code /Greeter.Hello}, {@code /greeter/Greeter.Hello}). Errors go
 * back as go-micro's error JSON, both in the {@code Micro-Error} header and as the body, with the
 * status code's HTTP code. Runs on the server's executor, one virtual thread per exchange.
 */
public final class MucpHandler implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(MucpHandler.class.getName());

  private final Dispatcher dispatcher;

  public MucpHandler(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public void handle(HttpExchange exchange) {
    try (exchange) {
      serve(exchange);
    } catch (IOException e) {
      // The caller went away; there is nobody to answer.
      LOG.log(System.Logger.Level.DEBUG, "exchange failed", e);
    }
  }

  private void serve(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    if (method.equals("GET") && (path.isEmpty() || path.equals("/"))) {
      listEndpoints(ex);
      return;
    }
    if (!method.equals("POST")) {
      ex.getResponseHeaders().set("Allow", "POST");
      String json = MucpHeaders.errorJson(dispatcher.service(), 405, "Method Not Allowed",
          "method " + method + " is not allowed; call endpoints with POST");
      sendError(ex, 405, null, json);
      return;
    }
    Headers headers = ex.getRequestHeaders();
    String endpoint = "";
    try {
      endpoint = endpoint(headers, path);
      EndpointHandler h = dispatcher.route(endpoint);
      if (h.type().isStreaming()) {
        throw new MicroException(Status.UNIMPLEMENTED.withDescription(
            "%s is a streaming endpoint; streaming endpoints need the grpc transport", endpoint), dispatcher.service());
      }
      OptionalLong length = Bodies.length(headers.getFirst("Content-Length"));
      if (length.isPresent() && length.getAsLong() > dispatcher.maxMessageBytes()) {
        tooLarge(ex, length.getAsLong() + " bytes");
        return;
      }
      byte[] body = Bodies.readAtMost(ex.getRequestBody(), dispatcher.maxMessageBytes(), length);
      if (body == null) {
        tooLarge(ex, "more than " + dispatcher.maxMessageBytes() + " bytes");
        return;
      }
      String contentType = MucpHeaders.first(headers, MucpHeaders.CONTENT_TYPE).orElse(MucpHeaders.DEFAULT_CONTENT_TYPE);
      Deadline deadline = MucpHeaders.deadline(headers).orElse(null);
      // Only a TLS transport may vouch for the caller's service; a client's header is dropped.
      Metadata metadata = MucpHeaders.requestMetadata(headers).without(dev.micro.transport.PeerService.METADATA_KEY);
      IncomingCall call = new IncomingCall(endpoint, contentType, metadata, deadline, remote(ex));
      byte[] response = dispatcher.unary(call, h, body);
      Headers out = ex.getResponseHeaders();
      out.set(MucpHeaders.CONTENT_TYPE, contentType);
      echoRouting(headers, out, endpoint);
      ex.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
      if (response.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(response);
        }
      }
    } catch (MicroException e) {
      echoRouting(headers, ex.getResponseHeaders(), endpoint);
      sendError(ex, e.code().httpCode(), e.code(), e.toJson());
    } catch (RuntimeException e) {
      MicroException m = dispatcher.toError(endpoint, e);
      sendError(ex, m.code().httpCode(), m.code(), m.toJson());
    }
  }

  /** The endpoint from the routing headers, else from the last path segment. */
  private String endpoint(Headers headers, String path) {
    Optional<String> header = MucpHeaders.first(headers, MucpHeaders.ENDPOINT)
        .or(() -> MucpHeaders.first(headers, MucpHeaders.METHOD));
    if (header.isPresent()) {
      return header.get();
    }
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String last = p.substring(p.lastIndexOf('/') + 1);
    if (last.isEmpty()) {
      throw new MicroException(Status.INVALID_ARGUMENT.withDescription(
          "no endpoint: POST to /Handler.Method or send the Micro-Endpoint header; endpoints: %s",
          String.join(", ", dispatcher.endpointNames())), dispatcher.service());
    }
    return last;
  }

  private void echoRouting(Headers in, Headers out, String endpoint) {
    out.set(MucpHeaders.SERVICE, MucpHeaders.first(in, MucpHeaders.SERVICE).orElse(dispatcher.service()));
    if (!endpoint.isEmpty()) {
      out.set(MucpHeaders.ENDPOINT, endpoint);
      out.set(MucpHeaders.METHOD, MucpHeaders.first(in, MucpHeaders.METHOD).orElse(endpoint));
    }
    MucpHeaders.first(in, MucpHeaders.ID).ifPresent(id -> out.set(MucpHeaders.ID, id));
  }

  private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

  /**
   * Answers 413 and closes the connection. A body up to {@link #DRAIN_LIMIT} past the limit is
   * read and dropped first: closing a socket with unread input resets it, and the reset can destroy
   * the 413 before the client reads it. A larger body is not read.
   */
  private void tooLarge(HttpExchange ex, String size) throws IOException {
    long left = DRAIN_LIMIT;
    byte[] sink = new byte[64 * 1024];
    try {
      int n;
      while (left > 0 && (n = ex.getRequestBody().read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
        left -= n;
      }
    } catch (IOException ignored) {
      // The client gave up sending; the answer below is still worth trying.
    }
    MicroException e = new MicroException(Status.RESOURCE_EXHAUSTED.withDescription(
        "request body of %s exceeds the limit of %d bytes", size, dispatcher.maxMessageBytes()), dispatcher.service());
    ex.getResponseHeaders().set("Connection", "close");
    sendError(ex, 413, e.code(), e.toJson());
  }

  private static void sendError(HttpExchange ex, int httpCode, Status.Code code, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Headers out = ex.getResponseHeaders();
    if (code != null) {
      // go-micro's JSON carries only the HTTP code, which several status codes share.
      out.set(MucpHeaders.CODE, Integer.toString(code.value()));
    }
    out.set(MucpHeaders.CONTENT_TYPE, "application/json");
    out.set(MucpHeaders.ERROR, MucpHeaders.headerSafe(json));
    ex.sendResponseHeaders(httpCode, body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }

  private void listEndpoints(HttpExchange ex) throws IOException {
    List<Object> endpoints = new ArrayList<>();
    for (EndpointHandler h : dispatcher.endpoints().values()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", h.name());
      e.put("type", h.type().name().toLowerCase(java.util.Locale.ROOT));
      endpoints.add(e);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service", dispatcher.service());
    m.put("endpoints", endpoints);
    byte[] body = Json.write(m).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set(MucpHeaders.CONTENT_TYPE, "application/json");
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }

  private static String remote(HttpExchange ex) {
    InetSocketAddress a = ex.getRemoteAddress();
    if (a == null) {
      return "";
    }
    String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
