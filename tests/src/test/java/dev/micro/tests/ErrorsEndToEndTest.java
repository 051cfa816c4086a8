package dev.micro.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.CallOptions;
import dev.micro.Client;
import dev.micro.Micro;
import dev.micro.MicroException;
import dev.micro.Service;
import dev.micro.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad input gets its error, on both transports, and the service keeps serving. */
class ErrorsEndToEndTest {
  @TempDir Path registryDir;
  Service shop;
  Client client;

  void start(String transport) {
    shop = Micro.service("shop").registry(Fixtures.registryUrl(registryDir)).transport(transport)
        .maxMessageBytes(64 * 1024).handle(new Shop("n1", null)).start();
    client = Fixtures.wireClient(registryDir);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (shop != null) {
      shop.stop();
    }
  }

  private Shop.Receipt buy(int count) {
    return client.call("shop", "Shop.Buy", new Shop.Order("tea", count), Shop.Receipt.class);
  }

  private MicroException failure(Runnable r) {
    try {
      r.run();
    } catch (MicroException e) {
      return e;
    }
    throw new AssertionError("expected a MicroException");
  }

  private void assertStillServing() {
    assertThat(buy(2).count()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http"})
  void anUnknownServiceIsNotFoundNamingTheService(String transport) {
    start(transport);
    MicroException e = failure(() -> client.call("nosuch", "Shop.Buy", new Shop.Order("x", 1), Shop.Receipt.class));
    assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.detail()).contains("nosuch");
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http"})
  void anUnknownEndpointListsTheEndpointsThatExist(String transport) {
    start(transport);
    MicroException e = failure(() -> client.call("shop", "Shop.Steal", new Shop.Order("x", 1), Shop.Receipt.class));
    assertThat(e.code()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(e.detail()).contains("Shop.Steal", "Shop.Buy", "Shop.Crash");
    assertThat(e.toJson()).contains("\"code\":501");
    assertStillServing();
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http"})
  void aMalformedBodyIsABadRequestSayingWhatWasWrong(String transport) {
    start(transport);
    MicroException e = failure(() -> client.callRaw("shop", "Shop.Buy", "{\"item\": tea}".getBytes(StandardCharsets.UTF_8),
        "application/json", CallOptions.DEFAULT));
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.toJson()).contains("\"code\":400").contains("malformed request for Shop.Buy");
    assertStillServing();
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http"})
  void aHandlerExceptionIsInternalWithoutItsMessage(String transport) {
    start(transport);
    MicroException e = failure(() -> client.call("shop", "Shop.Crash", new Shop.Order("x", 1), Shop.Receipt.class));
    assertThat(e.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.toJson()).doesNotContain("jdbc").doesNotContain("IllegalStateException").contains("\"id\":\"shop\"");
    assertStillServing();
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http"})
  void aHandlersOwnErrorArrivesWithItsCodeAndDetail(String transport) {
    start(transport);
    MicroException e = failure(() -> buy(-1));
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.detail()).isEqualTo("count must be >= 0, was -1");
    assertThat(e.id()).isEqualTo("shop");
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http"})
  void aCallPastItsDeadlineIsDeadlineExceeded(String transport) {
    start(transport);
    MicroException e = failure(() -> client.call("shop", "Shop.Sleep", new Shop.Order("x", 3000), Shop.Receipt.class,
        CallOptions.DEFAULT.withTimeout(Duration.ofMillis(300))));
    assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertStillServing();
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http"})
  void aMessageOverTheSizeLimitIsRefusedClearly(String transport) {
    start(transport);
    String big = "x".repeat(100 * 1024);
    MicroException e = failure(() -> client.call("shop", "Shop.Buy", new Shop.Order(big, 1), Shop.Receipt.class));
    assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertStillServing();
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http"})
  void anUnsupportedContentTypeNamesTheSupportedOnes(String transport) {
    start(transport);
    MicroException e = failure(() -> client.callRaw("shop", "Shop.Buy", new byte[] {1}, "application/x-msgpack", CallOptions.DEFAULT));
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.detail()).contains("application/json");
    assertStillServing();
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http"})
  void deadlineAndMetadataReachTheHandler(String transport) {
    start(transport);
    Shop.Receipt r = client.call("shop", "Shop.Buy", new Shop.Order("tea", 1), Shop.Receipt.class,
        CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)).withMetadata("Caller", "alice"));
    assertThat(r.caller()).isEqualTo("alice");
    assertThat(r.deadlineMillis()).isBetween(1L, 5000L);
  }
}
