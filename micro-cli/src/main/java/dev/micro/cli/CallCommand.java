package dev.micro.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.micro.CallOptions;
import dev.micro.Client;
import dev.micro.Client.RawResponse;
import dev.micro.ClientStream;
import dev.micro.Metadata;
import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.plugin.PluginUri;
import dev.micro.registry.Node;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code micro call <service> <endpoint> [json]}: calls an endpoint with a JSON body and prints
 * the JSON response. With {@code --stream} every JSON argument (or, without any, every line of
 * stdin) is sent as one message of a stream and every response is printed on its own line as it
 * arrives.
 */
@Command(
    name = "call",
    description = "Calls a service's endpoint with a JSON request and prints the JSON response.",
    footer = {
      "",
      "Examples:",
      "  micro call greeter Greeter.Hello '{\"name\":\"Alice\"}'",
      "  micro call -H Tenant:acme --timeout 2s greeter Greeter.Hello '{\"name\":\"Bob\"}'",
      "  printf '{\"text\":\"hi\"}\\n' | micro call --stream greeter Greeter.Chat",
    })
final class CallCommand extends MicroCommand {
  private static final String JSON = "application/json";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Parameters(index = "0", paramLabel = "SERVICE", description = "The service name.")
  String service;

  @Parameters(index = "1", paramLabel = "ENDPOINT", description = "The endpoint, Handler.Method (Greeter.Hello).")
  String endpoint;

  @Parameters(index = "2..*", paramLabel = "JSON",
      description = "The request (default {}). With --stream: one message each; none reads lines from stdin.")
  List<String> bodies = new ArrayList<>();

  @Option(names = {"-H", "--header", "-m", "--metadata"}, paramLabel = "KEY:VALUE",
      description = "Metadata to send, as a header (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Time allowed for the call: 500ms, 5s, 1m (default: the client's, 30s).")
  Duration timeout;

  @Option(names = {"-v", "--verbose"}, description = "Prints the node that answered and the response metadata to stderr.")
  boolean verbose;

  @Option(names = "--stream", description = "Calls a streaming endpoint.")
  boolean stream;

  /** Where streamed messages are read from when none is given as an argument. */
  InputStream stdin = System.in;

  @Override
  int execute() throws Exception {
    CallOptions options = options();
    try (Client client = main().openClient()) {
      if (stream) {
        stream(client, options);
      } else {
        if (bodies.size() > 1) {
          throw new ParameterException(commandLine(), "Only one JSON request without --stream, got " + bodies.size());
        }
        String body = bodies.isEmpty() ? "{}" : bodies.get(0);
        RawResponse r = client.callRaw(service, endpoint, json(body), JSON, options);
        out().println(new String(r.body(), StandardCharsets.UTF_8));
        out().flush();
        describe(r.node(), r.headers());
      }
    }
    return 0;
  }

  private CallOptions options() {
    CallOptions options = CallOptions.DEFAULT;
    if (timeout != null) {
      options = options.withTimeout(timeout);
    }
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("-H: '" + h + "' (expected KEY:VALUE)");
      }
      options = options.withMetadata(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
    }
    return options;
  }

  private void stream(Client client, CallOptions options) {
    PrintWriter out = out();
    try (ClientStream<byte[], byte[]> s = client.streamRaw(service, endpoint, JSON, options)) {
      AtomicReference<RuntimeException> sendFailure = new AtomicReference<>();
      // Send on another thread so that responses print while requests are still going out.
      Thread sender = Thread.ofVirtual().name("micro-call-send").start(() -> {
        try {
          if (bodies.isEmpty()) {
            sendLines(s);
          } else {
            for (String b : bodies) {
              s.send(json(b));
            }
          }
          s.closeSend();
        } catch (RuntimeException e) {
          sendFailure.set(e);
          s.close();
        }
      });
      try {
        for (Optional<byte[]> m = s.receive(); m.isPresent(); m = s.receive()) {
          out.println(new String(m.get(), StandardCharsets.UTF_8));
          out.flush();
        }
      } catch (MicroException e) {
        // A request the sender rejected explains the failure better than the cancellation it caused
        // (the failure is recorded before the stream is closed).
        RuntimeException f = sendFailure.get();
        throw f != null ? f : e;
      }
      // The server may end the stream while the sender still waits for input: do not wait for it.
      if (!sender.isAlive() && sendFailure.get() != null) {
        throw sendFailure.get();
      }
      describe(s.node(), s.headers());
    }
  }

  private void sendLines(ClientStream<byte[], byte[]> s) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isBlank()) {
          s.send(json(line));
        }
      }
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void describe(Node node, Metadata md) {
    if (!verbose) {
      return;
    }
    PrintWriter err = err();
    err.println("node: " + node.id() + " " + node.address());
    if (!md.isEmpty()) {
      err.println("metadata:");
      md.forEach((k, v) -> err.println("  " + k + ": " + v));
    }
    err.flush();
  }

  /** The body as bytes, after checking that it is JSON, so a typo fails here with a clear message. */
  private static byte[] json(String body) {
    try {
      if (MAPPER.readTree(body).isMissingNode()) {
        throw new MicroException(Status.of(Status.Code.INVALID_ARGUMENT).withDescription("request is empty"), "micro.cli");
      }
    } catch (JacksonException e) {
      throw new MicroException(Status.of(Status.Code.INVALID_ARGUMENT)
          .withDescription("request is not valid JSON: " + reason(e)), "micro.cli");
    }
    return body.getBytes(StandardCharsets.UTF_8);
  }

  /** Jackson's reason without the source location it appends. */
  private static String reason(JacksonException e) {
    String m = String.valueOf(e.getOriginalMessage());
    int cut = m.indexOf(" (start marker");
    m = cut > 0 ? m.substring(0, cut) : m;
    if (m.startsWith("Trailing token")) {
      m = "text after the JSON value";
    }
    return e.getLocation() == null ? m : m + " (column " + e.getLocation().getColumnNr() + ")";
  }

  /** Parses {@code 500ms}, {@code 5s}, {@code 1m}; a bad value is a usage error. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d;
      try {
        d = PluginUri.parseDuration("--timeout", value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a duration such as 500ms, 5s, 1m");
      }
      if (d.isZero() || d.isNegative()) {
        throw new TypeConversionException("'" + value + "' is not greater than zero");
      }
      return d;
    }
  }
}
