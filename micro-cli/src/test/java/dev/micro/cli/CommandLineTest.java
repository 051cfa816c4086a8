package dev.micro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.micro.Micro;
import dev.micro.Service;
import dev.micro.registry.Node;
import dev.micro.registry.Registry;
import dev.micro.registry.ServiceRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands against a real greeter service registered in a file registry, over gRPC. */
class CommandLineTest {
  @TempDir static Path registryDir;

  static final GreeterHandler handler = new GreeterHandler();
  static String registry;
  static Service greeter;

  @BeforeAll
  static void startGreeter() {
    registry = "file://" + registryDir;
    greeter = Micro.service("greeter").registry(registry).transport(System.getProperty("cli.test.transport", "grpc")).handle(handler).start();
  }

  @AfterAll
  static void stopGreeter() {
    if (greeter != null) {
      greeter.close();
    }
  }

  private static CliRun micro(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--registry";
    all[1] = registry;
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRun.of(all);
  }

  @Test
  void servicesListsTheRegisteredNamesSorted() {
    try (Registry r = Micro.registry(registry)) {
      ServiceRecord alpha = new ServiceRecord("alpha", "1", Map.of(), List.of(),
          List.of(new Node("alpha-" + UUID.randomUUID(), "127.0.0.1:1", Map.of())));
      r.register(alpha, Duration.ofMinutes(1));
      try {
        CliRun run = micro("services");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().toList()).containsSubsequence("alpha", "greeter");
      } finally {
        r.deregister(alpha);
      }
    }
  }

  @Test
  void describeShowsEndpointsWithTheirShapesAndTheNodes() throws Exception {
    CliRun run = micro("describe", "greeter");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode record = new ObjectMapper().readTree(run.out());
    assertThat(record.get("name").asText()).isEqualTo("greeter");
    JsonNode hello = null;
    for (JsonNode e : record.get("endpoints")) {
      if (e.get("name").asText().equals("Greeter.Hello")) {
        hello = e;
      }
    }
    assertThat(hello).as(run.out()).isNotNull();
    assertThat(hello.get("request").get("values").findValuesAsText("name")).contains("name");
    assertThat(record.get("nodes").findValuesAsText("address")).containsExactly(greeter.address());
    assertThat(run.out()).contains("\n  \"endpoints\": [");
  }

  @Test
  void describeOfAServiceWithNoNodeIsNotFound() {
    CliRun run = micro("describe", "nobody");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("\"code\":404");
  }

  @Test
  void callPrintsTheResponseBody() {
    CliRun run = micro("call", "greeter", "Greeter.Hello", "{\"name\":\"Alice\"}");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("{\"message\":\"Hello Alice\"}" + System.lineSeparator());
  }

  @Test
  void callSendsHeadersAsMetadata() {
    CliRun run = micro("call", "-H", "Tenant:acme", "--header", "X-Trace: t1", "--timeout", "5s",
        "greeter", "Greeter.Hello", "{\"name\":\"Bob\"}");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(handler.lastMetadata.get().get("tenant")).contains("acme");
    assertThat(handler.lastMetadata.get().get("x-trace")).contains("t1");
  }

  @Test
  void verboseCallNamesTheNodeThatAnswered() {
    CliRun run = micro("call", "-v", "greeter", "Greeter.Hello", "{\"name\":\"Carol\"}");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("node: " + greeter.node().id() + " " + greeter.address());
    assertThat(run.out()).isEqualTo("{\"message\":\"Hello Carol\"}" + System.lineSeparator());
  }

  @Test
  void streamSendsEachArgumentAndPrintsEachReply() {
    CliRun run = micro("call", "--stream", "greeter", "Greeter.Chat", "{\"text\":\"one\"}", "{\"text\":\"two\"}");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).containsExactly("{\"text\":\"one\"}", "{\"text\":\"two\"}");
  }

  @Test
  void streamWithoutArgumentsSendsEachLineOfStdin() {
    CliRun run = CliRun.withStdin("{\"text\":\"a\"}\n\n{\"text\":\"b\"}\n",
        "--registry", registry, "call", "--stream", "greeter", "Greeter.Chat");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).containsExactly("{\"text\":\"a\"}", "{\"text\":\"b\"}");
  }

  @Test
  void anUnknownEndpointFailsWithNotImplementedListingTheEndpoints() {
    CliRun run = micro("call", "greeter", "Greeter.Nope", "{}");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("\"code\":501").contains("Greeter.Hello");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anUnknownServiceFailsWithNotFound() {
    CliRun run = micro("call", "nobody", "Nobody.Hello", "{}");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("\"code\":404");
  }

  @Test
  void malformedJsonFailsWithBadRequest() {
    CliRun run = micro("call", "greeter", "Greeter.Hello", "{\"name\":");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("\"code\":400");
  }
}
