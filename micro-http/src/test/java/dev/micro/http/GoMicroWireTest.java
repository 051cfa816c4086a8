package dev.micro.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.micro.CallType;
import dev.micro.Deadline;
import dev.micro.Metadata;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.transport.ClientTransport;
import dev.micro.transport.OutgoingCall;
import dev.micro.transport.TransportOptions;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a stub that answers as go-micro's HTTP server does. */
class GoMicroWireTest {
  private final AtomicReference<Headers> received = new AtomicReference<>();
  private final AtomicReference<String> errorHeader = new AtomicReference<>();
  private HttpServer stub;
  private HttpClientTransport client;
  private String address;

  @BeforeEach
  void start() throws Exception {
    stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stub.createContext("/", exchange -> {
      try (exchange) {
        received.set(exchange.getRequestHeaders());
        byte[] in = exchange.getRequestBody().readAllBytes();
        Headers out = exchange.getResponseHeaders();
        out.set("Micro-Service", "greeter");
        out.set("Micro-Endpoint", "Greeter.Hello");
        out.set("Micro-Trace-Id", "t-9");
        String error = errorHeader.get();
        if (error != null) {
          // go-micro's mucp answers 200 with the error in a header and no body.
          out.set("Micro-Error", error);
          exchange.sendResponseHeaders(200, -1);
          return;
        }
        out.set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, in.length);
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(in);
        }
      }
    });
    stub.start();
    address = "127.0.0.1:" + stub.getAddress().getPort();
    client = new HttpClientTransport(TransportOptions.defaults());
  }

  @AfterEach
  void stop() {
    client.close();
    stub.stop(0);
  }

  private ClientTransport.Response call(Metadata metadata, Deadline deadline) {
    OutgoingCall call = new OutgoingCall("greeter", "Greeter.Hello", CallType.UNARY, "application/json", metadata, deadline);
    return client.unary(address, call, "{\"name\":\"Go\"}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theClientSendsGoMicrosHeaders() {
    ClientTransport.Response response = call(Metadata.of("Authorization", "Bearer t"), Deadline.after(Duration.ofSeconds(5)));
    ClientTransport.Response second = call(Metadata.empty(), null);

    Headers h = received.get();
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"Go\"}");
    assertThat(h.getFirst("Content-Type")).isEqualTo("application/json");
    assertThat(h.getFirst("Accept")).isEqualTo("application/json");
    assertThat(h.getFirst("Micro-Service")).isEqualTo("greeter");
    assertThat(h.getFirst("Micro-Endpoint")).isEqualTo("Greeter.Hello");
    assertThat(h.getFirst("Micro-Method")).isEqualTo("Greeter.Hello");
    assertThat(h.getFirst("Micro-Id")).matches("\\d+");
    assertThat(h.getFirst("Timeout")).isNull();
    assertThat(second.headers().get("micro-trace-id")).hasValue("t-9");
  }

  @Test
  void theDeadlineTravelsAsTimeoutInNanoseconds() {
    call(Metadata.of("Authorization", "Bearer t"), Deadline.after(Duration.ofSeconds(5)));

    Headers h = received.get();
    assertThat(Long.parseLong(h.getFirst("Timeout"))).isBetween(4_000_000_000L, 5_000_000_000L);
    assertThat(h.getFirst("Authorization")).isEqualTo("Bearer t");
  }

  @Test
  void anErrorHeaderOnA200IsThrownAsTheServersError() {
    errorHeader.set("{\"id\":\"go.micro.server\",\"code\":404,\"detail\":\"user 42\",\"status\":\"Not Found\"}");

    MicroException e = catchThrowableOfType(MicroException.class, () -> call(Metadata.empty(), null));

    assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.detail()).isEqualTo("user 42");
    assertThat(e.id()).isEqualTo("go.micro.server");
  }

  @Test
  void aPlainTextErrorHeaderBecomesTheDetail() {
    errorHeader.set("something broke");

    MicroException e = catchThrowableOfType(MicroException.class, () -> call(Metadata.empty(), null));

    assertThat(e.code()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(e.detail()).isEqualTo("something broke");
  }
}
