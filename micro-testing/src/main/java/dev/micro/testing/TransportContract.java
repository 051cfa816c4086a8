package dev.micro.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.micro.CallContext;
import dev.micro.CallType;
import dev.micro.Deadline;
import dev.micro.Metadata;
import dev.micro.MicroException;
import dev.micro.Sink;
import dev.micro.Source;
import dev.micro.Status;
import dev.micro.codec.Codecs;
import dev.micro.server.Dispatcher;
import dev.micro.server.PojoHandlerAdapter;
import dev.micro.transport.ClientTransport;
import dev.micro.transport.ConnectFailure;
import dev.micro.transport.OutgoingCall;
import dev.micro.transport.ServerTransport;
import dev.micro.transport.TransportOptions;
import dev.micro.transport.TransportProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every transport must have, run by each transport's own test:
 *
 * <pre>{@code
 * class GrpcTransportContractTest extends TransportContract {
 *   protected TransportProvider provider() { return new GrpcTransportProvider(); }
 * }
 * }</pre>
 *
 * <p>The server half serves {@link EchoHandler}, whose endpoints take and return {@code byte[]}
 * ({@code application/octet-stream}), on 127.0.0.1 and a free port; the client half calls it.
 */
public abstract class TransportContract {
  /** The content type every call of the contract uses. */
  protected static final String BYTES = "application/octet-stream";
  /** The dispatcher's message limit. */
  protected static final int MAX_MESSAGE_BYTES = 1024 * 1024;

  private final CountDownLatch release = new CountDownLatch(1);
  private ServerTransport server;
  private ClientTransport client;
  private String address;

  /** The transport under test. */
  protected abstract TransportProvider provider();

  /** Whether the transport carries streams; a transport that cannot may override this. */
  protected boolean supportsStreaming() {
    return true;
  }

  @BeforeEach
  void startServer() throws IOException {
    Dispatcher dispatcher = new Dispatcher("echo", new PojoHandlerAdapter().adapt(new EchoHandler(release)),
        Codecs.load(), List.of(), MAX_MESSAGE_BYTES);
    server = provider().newServer(new TransportOptions(MAX_MESSAGE_BYTES, Map.of()));
    InetSocketAddress bound = server.start("127.0.0.1", 0, dispatcher);
    address = "127.0.0.1:" + bound.getPort();
    client = provider().newClient(TransportOptions.defaults());
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    client.close();
    server.stop(Duration.ofSeconds(1));
  }

  /** The address the server listens on, {@code 127.0.0.1:port}. */
  protected String address() {
    return address;
  }

  /** The client half. */
  protected ClientTransport client() {
    return client;
  }

  /** A call to {@code endpoint} with no metadata and no deadline. */
  protected static OutgoingCall call(String endpoint, CallType type) {
    return new OutgoingCall("echo", endpoint, type, BYTES, Metadata.empty(), null);
  }

  private String unary(String endpoint, String body) {
    return unary(call(endpoint, CallType.UNARY), body);
  }

  private String unary(OutgoingCall call, String body) {
    return new String(client.unary(address, call, body.getBytes(UTF_8)).body(), UTF_8);
  }

  private MicroException failure(OutgoingCall call, byte[] body) {
    return catchThrowableOfType(MicroException.class, () -> client.unary(address, call, body));
  }

  @Test
  void unaryCallEchoesTheRequest() {
    assertThat(unary("Echo.Echo", "hello")).isEqualTo("hello");
  }

  @Test
  void metadataReachesTheHandler() {
    OutgoingCall call = new OutgoingCall("echo", "Echo.Header", CallType.UNARY, BYTES,
        Metadata.of("X-Request-Tag", "blue").with("authorization", "Bearer t"), null);

    assertThat(unary(call, "x-request-tag")).isEqualTo("blue");
    assertThat(unary(call, "Authorization")).isEqualTo("Bearer t");
  }

  @Test
  void deadlineReachesTheHandler() {
    OutgoingCall call = new OutgoingCall("echo", "Echo.Remaining", CallType.UNARY, BYTES,
        Metadata.empty(), Deadline.after(Duration.ofSeconds(5)));

    long millis = Long.parseLong(unary(call, ""));

    assertThat(millis).isPositive().isLessThanOrEqualTo(5000);
  }

  @Test
  void handlerMicroExceptionArrivesWithItsCodeDetailAndId() {
    MicroException e = failure(call("Echo.Fail", CallType.UNARY), "ABORTED".getBytes(UTF_8));

    assertThat(e.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(e.detail()).isEqualTo("failed on purpose");
    assertThat(e.id()).isEqualTo("echo.handler");
  }

  @Test
  void runtimeExceptionArrivesAsInternalWithoutItsMessageOrStackTrace() {
    MicroException e = failure(call("Echo.Crash", CallType.UNARY), new byte[0]);

    assertThat(e.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.detail()).doesNotContain("secret").doesNotContain("at dev.micro");
    assertThat(e.getMessage()).doesNotContain("secret");
  }

  @Test
  void unknownEndpointIsUnimplementedAndListsTheEndpoints() {
    MicroException e = failure(call("Echo.Missing", CallType.UNARY), new byte[0]);

    assertThat(e.code()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(e.detail()).contains("Echo.Missing").contains("Echo.Echo");
  }

  @Test
  void unknownContentTypeIsInvalidArgumentAndListsTheSupportedOnes() {
    OutgoingCall call = new OutgoingCall("echo", "Echo.Echo", CallType.UNARY, "application/x-unheard-of", Metadata.empty(), null);

    MicroException e = failure(call, new byte[] {1});

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.detail()).contains("application/x-unheard-of").contains(BYTES);
  }

  @Test
  void oversizeRequestIsResourceExhaustedAndTheServerKeepsServing() {
    MicroException e = failure(call("Echo.Echo", CallType.UNARY), new byte[MAX_MESSAGE_BYTES + 1024]);

    assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(unary("Echo.Echo", "still here")).isEqualTo("still here");
  }

  @Test
  void slowHandlerPastTheDeadlineIsDeadlineExceededAtTheClient() {
    OutgoingCall call = new OutgoingCall("echo", "Echo.Slow", CallType.UNARY, BYTES,
        Metadata.empty(), Deadline.after(Duration.ofMillis(200)));

    MicroException e = failure(call, new byte[0]);

    assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
  }

  @Test
  void callingAClosedPortIsAConnectFailure() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    MicroException e = catchThrowableOfType(MicroException.class,
        () -> client.unary("127.0.0.1:" + port, call("Echo.Echo", CallType.UNARY), new byte[] {1}));

    assertThat(e).isNotNull();
    assertThat(ConnectFailure.is(e)).as("ConnectFailure.is(%s)", e).isTrue();
    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void twoHundredConcurrentCallsFromVirtualThreadsAllSucceed() throws Exception {
    List<Future<String>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 200; i++) {
        String body = "call-" + i;
        results.add(pool.submit(() -> unary("Echo.Echo", body)));
      }
      for (int i = 0; i < 200; i++) {
        assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("call-" + i);
      }
    }
  }

  @Test
  void serverStreamingSendsEveryMessage() {
    Assumptions.assumeTrue(supportsStreaming(), "transport does not stream");
    ClientTransport.Stream s = client.stream(address, call("Echo.Count", CallType.SERVER_STREAMING));
    s.send("5".getBytes(UTF_8));
    s.closeSend();

    assertThat(receiveAll(s)).containsExactly("0", "1", "2", "3", "4");
  }

  @Test
  void clientStreamingReceivesEveryMessage() {
    Assumptions.assumeTrue(supportsStreaming(), "transport does not stream");
    ClientTransport.Stream s = client.stream(address, call("Echo.Concat", CallType.CLIENT_STREAMING));
    for (String part : List.of("a", "b", "c")) {
      s.send(part.getBytes(UTF_8));
    }
    s.closeSend();

    assertThat(receiveAll(s)).containsExactly("abc");
  }

  @Test
  void bidiStreamingEchoesEachMessageInTurn() {
    Assumptions.assumeTrue(supportsStreaming(), "transport does not stream");
    ClientTransport.Stream s = client.stream(address, call("Echo.Bidi", CallType.BIDI_STREAMING));
    for (int i = 0; i < 3; i++) {
      s.send(("m" + i).getBytes(UTF_8));
      assertThat(s.receive()).map(b -> new String(b, UTF_8)).contains("m" + i);
    }
    s.closeSend();

    assertThat(s.receive()).isEmpty();
  }

  @Test
  void streamFailingMidwayMakesReceiveThrowWithTheCode() {
    Assumptions.assumeTrue(supportsStreaming(), "transport does not stream");
    ClientTransport.Stream s = client.stream(address, call("Echo.Broken", CallType.SERVER_STREAMING));
    s.send("go".getBytes(UTF_8));
    s.closeSend();

    assertThat(s.receive()).map(b -> new String(b, UTF_8)).contains("first");
    MicroException e = catchThrowableOfType(MicroException.class, s::receive);
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(Status.Code.DATA_LOSS);
    assertThat(e.detail()).isEqualTo("broke midway");
  }

  private static List<String> receiveAll(ClientTransport.Stream s) {
    List<String> out = new ArrayList<>();
    for (var next = s.receive(); next.isPresent(); next = s.receive()) {
      out.add(new String(next.get(), UTF_8));
    }
    return out;
  }

  /** The handler the contract serves; endpoints {@code Echo.*} over {@code byte[]}. */
  public static final class EchoHandler {
    private final CountDownLatch release;

    EchoHandler(CountDownLatch release) {
      this.release = release;
    }

    public byte[] echo(byte[] in) {
      return in;
    }

    /** The value of the metadata key named by the request, or empty. */
    public byte[] header(byte[] key) {
      return CallContext.currentMetadata().get(new String(key, UTF_8)).orElse("").getBytes(UTF_8);
    }

    /** The milliseconds left of the call's deadline, or {@code none}. */
    public byte[] remaining(byte[] ignored) {
      return CallContext.currentDeadline().map(d -> Long.toString(d.remaining().toMillis())).orElse("none").getBytes(UTF_8);
    }

    public byte[] fail(byte[] code) {
      throw new MicroException(Status.of(Status.Code.valueOf(new String(code, UTF_8))).withDescription("failed on purpose"), "echo.handler");
    }

    public byte[] crash(byte[] in) {
      throw new IllegalStateException("secret internals");
    }

    /** Blocks until the test ends or the call is cancelled. */
    public byte[] slow(byte[] in) throws InterruptedException {
      release.await(10, TimeUnit.SECONDS);
      return in;
    }

    public void count(byte[] n, Sink<byte[]> out) {
      for (int i = 0; i < Integer.parseInt(new String(n, UTF_8)); i++) {
        out.send(Integer.toString(i).getBytes(UTF_8));
      }
    }

    public byte[] concat(Source<byte[]> in) {
      StringBuilder sb = new StringBuilder();
      in.forEach(b -> sb.append(new String(b, UTF_8)));
      return sb.toString().getBytes(UTF_8);
    }

    public void bidi(Source<byte[]> in, Sink<byte[]> out) {
      in.forEach(out::send);
    }

    public void broken(byte[] in, Sink<byte[]> out) {
      out.send("first".getBytes(UTF_8));
      throw new MicroException(Status.DATA_LOSS.withDescription("broke midway"));
    }
  }
}
