package dev.micro.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.micro.CallType;
import dev.micro.Deadline;
import dev.micro.Metadata;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.codec.Codecs;
import dev.micro.http.GreeterHandler.HelloReply;
import dev.micro.http.GreeterHandler.HelloRequest;
import dev.micro.http.GreeterHandler.Seen;
import dev.micro.json.JsonCodec;
import dev.micro.server.Dispatcher;
import dev.micro.server.PojoHandlerAdapter;
import dev.micro.transport.ClientTransport;
import dev.micro.transport.ConnectFailure;
import dev.micro.transport.OutgoingCall;
import dev.micro.transport.TransportOptions;
import dev.micro.transport.TransportProvider;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
  private static final int MAX_BYTES = 64 * 1024;

  private final JsonCodec json = new JsonCodec();
  private final GreeterHandler handler = new GreeterHandler();
  private final HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private HttpServerTransport server;
  private HttpClientTransport client;
  private String address;

  @BeforeEach
  void start() throws Exception {
    Dispatcher dispatcher = new Dispatcher("greeter", new PojoHandlerAdapter().adapt(handler), Codecs.load(), List.of(), MAX_BYTES);
    server = new HttpServerTransport(TransportOptions.defaults());
    InetSocketAddress bound = server.start("127.0.0.1", 0, dispatcher);
    address = "127.0.0.1:" + bound.getPort();
    client = new HttpClientTransport(TransportOptions.defaults());
  }

  @AfterEach
  void stop() {
    handler.release.countDown();
    client.close();
    server.stop(Duration.ZERO);
    raw.shutdownNow();
  }

  private ClientTransport.Response call(String endpoint, Object request, Metadata metadata, Deadline deadline) {
    OutgoingCall call = new OutgoingCall("greeter", endpoint, CallType.UNARY, "application/json", metadata, deadline);
    return client.unary(address, call, json.encode(request));
  }

  private <T> T decode(ClientTransport.Response response, Class<T> type) {
    return type.cast(json.decode(response.body(), type));
  }

  private HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + address + path))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return raw.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static MicroException errorOf(HttpResponse<String> response) {
    String header = response.headers().firstValue("Micro-Error").orElseThrow();
    assertThat(MicroException.fromJson(response.body(), Status.Code.UNKNOWN)).hasMessage(
        MicroException.fromJson(header, Status.Code.UNKNOWN).getMessage());
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return MicroException.fromJson(header, Status.Code.UNKNOWN);
  }

  @Test
  void aUnaryJsonCallReturnsTheHandlersReply() {
    ClientTransport.Response response = call("Greeter.Hello", new HelloRequest("Alice"), Metadata.empty(), null);

    assertThat(decode(response, HelloReply.class)).isEqualTo(new HelloReply("Hello Alice"));
    assertThat(response.headers().get("micro-endpoint")).hasValue("Greeter.Hello");
    assertThat(response.headers().get("content-type")).hasValue("application/json");
  }

  @Test
  void aPlainHttpPostNamesTheEndpointInThePath() throws Exception {
    for (String path : List.of("/Greeter.Hello", "/greeter/Greeter.Hello")) {
      HttpResponse<String> response = post(path, "application/json", "{\"name\":\"Alice\"}");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"message\":\"Hello Alice\"}");
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }
  }

  @Test
  void aMissingContentTypeMeansJson() throws Exception {
    HttpResponse<String> response = post("/Greeter.Hello", null, "{\"name\":\"Bob\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"message\":\"Hello Bob\"}");
  }

  @Test
  void goMicrosHeaderFormIsServedWithHeaderNamesInAnyCase() throws Exception {
    HttpResponse<String> response = post("/", "application/json", "{\"name\":\"Go\"}",
        "micro-service", "greeter", "MICRO-ENDPOINT", "Greeter.Hello", "Micro-Id", "7");
    HttpResponse<String> aliased = post("/", "application/json", "{\"name\":\"X\"}", "X-Micro-Method", "Greeter.Hello");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"message\":\"Hello Go\"}");
    assertThat(response.headers().firstValue("Micro-Id")).hasValue("7");
    assertThat(response.headers().firstValue("Micro-Service")).hasValue("greeter");
    assertThat(response.headers().firstValue("Micro-Method")).hasValue("Greeter.Hello");
    assertThat(aliased.body()).isEqualTo("{\"message\":\"Hello X\"}");
  }

  @Test
  void metadataAndTheDeadlineReachTheHandler() {
    Metadata md = Metadata.of("Authorization", "Bearer t").with("Micro-Trace-Id", "abc");

    Seen seen = decode(call("Greeter.Inspect", new HelloRequest("x"), md, Deadline.after(Duration.ofSeconds(5))), Seen.class);

    Map<String, String> got = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    got.putAll(seen.metadata());
    assertThat(got).containsEntry("Authorization", "Bearer t").containsEntry("Micro-Trace-Id", "abc");
    assertThat(got.keySet()).noneMatch(k -> List.of("host", "content-type", "content-length", "timeout", "micro-endpoint",
        "micro-service", "micro-method", "micro-id", "user-agent", "connection").contains(k.toLowerCase()));
    assertThat(seen.hasDeadline()).isTrue();
    assertThat(seen.deadlineMillis()).isBetween(3_000L, 5_000L);
  }

  @Test
  void aCallWithoutADeadlineHasNoneAtTheHandler() {
    Seen seen = decode(call("Greeter.Inspect", new HelloRequest("x"), Metadata.empty(), null), Seen.class);

    assertThat(seen.hasDeadline()).isFalse();
  }

  @Test
  void aHandlersMicroExceptionArrivesWithItsCodeDetailAndId() {
    MicroException e = catchThrowableOfType(MicroException.class,
        () -> call("Greeter.Missing", new HelloRequest("42"), Metadata.empty(), null));

    assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.detail()).isEqualTo("user 42");
    assertThat(e.id()).isEqualTo("users");
  }

  @Test
  void anErrorDetailOutsideAsciiSurvivesTheHeader() throws Exception {
    HttpResponse<String> response = post("/Greeter.Missing", "application/json", "{\"name\":\"Zoë 日本\"}");
    MicroException viaClient = catchThrowableOfType(MicroException.class,
        () -> call("Greeter.Missing", new HelloRequest("Zoë 日本"), Metadata.empty(), null));

    assertThat(response.headers().firstValue("Micro-Error").orElseThrow()).matches("\\p{ASCII}*");
    assertThat(viaClient.detail()).isEqualTo("user Zoë 日本");
  }

  @Test
  void aHandlersRuntimeExceptionIsAnInternalErrorWithoutItsText() throws Exception {
    HttpResponse<String> response = post("/Greeter.Crash", "application/json", "{}");
    MicroException viaClient = catchThrowableOfType(MicroException.class,
        () -> call("Greeter.Crash", new HelloRequest("x"), Metadata.empty(), null));

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(errorOf(response).code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(viaClient.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(viaClient.id()).isEqualTo("greeter");
    assertThat(response.body() + viaClient.detail()).doesNotContain("secret", "IllegalStateException");
  }

  @Test
  void anUnknownEndpointIs501ListingTheEndpoints() throws Exception {
    HttpResponse<String> response = post("/Greeter.Nope", "application/json", "{}");
    MicroException viaClient = catchThrowableOfType(MicroException.class,
        () -> call("Greeter.Nope", new HelloRequest("x"), Metadata.empty(), null));

    assertThat(response.statusCode()).isEqualTo(501);
    assertThat(errorOf(response).detail()).contains("Greeter.Nope", "Greeter.Hello", "Greeter.Inspect");
    assertThat(viaClient.code()).isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  @Test
  void malformedJsonIs400SayingWhatWasWrong() throws Exception {
    HttpResponse<String> response = post("/Greeter.Hello", "application/json", "{\"name\":}");

    assertThat(response.statusCode()).isEqualTo(400);
    MicroException e = errorOf(response);
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.detail()).contains("Greeter.Hello", "Unexpected character ('}'", "line 1, column 9");
  }

  @Test
  void anUnsupportedContentTypeIs400ListingTheSupportedOnes() throws Exception {
    HttpResponse<String> response = post("/Greeter.Hello", "text/xml", "<name>x</name>");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorOf(response).detail()).contains("text/xml", "application/json");
  }

  @Test
  void anOversizeBodyIs413AndTheServerKeepsServing() throws Exception {
    String big = "{\"name\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}";

    HttpResponse<String> declared = post("/Greeter.Hello", "application/json", big);
    HttpResponse<String> chunked = raw.send(HttpRequest.newBuilder(URI.create("http://" + address + "/Greeter.Hello"))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(errorOf(declared).code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(decode(call("Greeter.Hello", new HelloRequest("again"), Metadata.empty(), null), HelloReply.class))
        .isEqualTo(new HelloReply("Hello again"));
  }

  @Test
  void aSlowHandlerPastTheDeadlineIsDeadlineExceededAtTheClient() {
    MicroException e = catchThrowableOfType(MicroException.class,
        () -> call("Greeter.Slow", new HelloRequest("x"), Metadata.empty(), Deadline.after(Duration.ofMillis(300))));

    assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
  }

  @Test
  void aClosedPortIsAConnectFailure() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    OutgoingCall call = new OutgoingCall("greeter", "Greeter.Hello", CallType.UNARY, "application/json", Metadata.empty(), null);

    MicroException e = catchThrowableOfType(MicroException.class, () -> client.unary("127.0.0.1:" + port, call, new byte[0]));

    assertThat(ConnectFailure.is(e)).isTrue();
    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void aStoppedServerRefusesConnections() {
    server.stop(Duration.ZERO);

    MicroException e = catchThrowableOfType(MicroException.class,
        () -> call("Greeter.Hello", new HelloRequest("x"), Metadata.empty(), null));

    assertThat(ConnectFailure.is(e)).isTrue();
  }

  @Test
  void twoHundredConcurrentCallsSucceed() throws Exception {
    List<Future<HelloReply>> replies = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 200; i++) {
        String name = "n" + i;
        replies.add(pool.submit(() -> decode(call("Greeter.Hello", new HelloRequest(name), Metadata.empty(),
            Deadline.after(Duration.ofSeconds(30))), HelloReply.class)));
      }
    }
    for (int i = 0; i < 200; i++) {
      assertThat(replies.get(i).get()).isEqualTo(new HelloReply("Hello n" + i));
    }
  }

  @Test
  void streamingEndpointsAndStreamsNeedTheGrpcTransport() throws Exception {
    HttpResponse<String> response = post("/Greeter.Stream", "application/json", "{}");
    OutgoingCall call = new OutgoingCall("greeter", "Greeter.Stream", CallType.SERVER_STREAMING, "application/json", Metadata.empty(), null);

    assertThat(response.statusCode()).isEqualTo(501);
    assertThat(errorOf(response).detail()).contains("streaming endpoints need the grpc transport");
    assertThatThrownBy(() -> client.stream(address, call))
        .isInstanceOfSatisfying(MicroException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.UNIMPLEMENTED);
          assertThat(e.detail()).contains("grpc transport");
        });
  }

  @Test
  void otherMethodsThanPostAre405AndGetOfTheRootListsTheEndpoints() throws Exception {
    HttpResponse<String> put = raw.send(HttpRequest.newBuilder(URI.create("http://" + address + "/Greeter.Hello"))
        .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> list = raw.send(HttpRequest.newBuilder(URI.create("http://" + address + "/")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Micro-Error").orElseThrow()).contains("\"code\":405", "Method Not Allowed");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"service\":\"greeter\"", "Greeter.Hello", "server_streaming");
  }

  @Test
  void theProviderServesTheHttpSchemeWithTheMucpProtocol() {
    List<TransportProvider> providers = ServiceLoader.load(TransportProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.scheme().equals("http")).toList();

    assertThat(providers).singleElement().isInstanceOf(HttpTransportProvider.class);
    assertThat(providers.getFirst().protocol()).isEqualTo("mucp");
  }
}
