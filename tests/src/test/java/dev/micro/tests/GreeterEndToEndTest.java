package dev.micro.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.micro.CallOptions;
import dev.micro.Client;
import dev.micro.ClientStream;
import dev.micro.Micro;
import dev.micro.Service;
import dev.micro.examples.greeter.ChatMessage;
import dev.micro.examples.greeter.GreeterGrpc;
import dev.micro.examples.greeter.GreeterService;
import dev.micro.examples.greeter.HelloReply;
import dev.micro.examples.greeter.HelloRequest;
import dev.micro.grpc.MicroChannel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The greeter example over gRPC, called by Micro's client and by a plain grpc-java client. */
class GreeterEndToEndTest {
  @TempDir static Path registryDir;
  static Service greeter;
  static Client client;
  static ManagedChannel channel;
  static final List<String> remotes = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    greeter = Micro.service("greeter")
        .registry(Fixtures.registryUrl(registryDir))
        .transport("grpc")
        .handle(new GreeterService())
        .idempotent("Greeter.Hello")
        .interceptor((call, next) -> {
          remotes.add(call.remote());
          return next.proceed();
        })
        .start();
    client = Fixtures.wireClient(registryDir);
    channel = ManagedChannelBuilder.forTarget(greeter.address()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    client.close();
    greeter.stop();
  }

  @Test
  void microsClientCallsHelloWithProtobuf() {
    HelloReply reply = client.call("greeter", "Greeter.Hello", HelloRequest.newBuilder().setName("Alice").build(), HelloReply.class);
    assertThat(reply.getMessage()).isEqualTo("Hello Alice");
  }

  @Test
  void microsClientCallsHelloWithJson() {
    Client.RawResponse r = client.callRaw("greeter", "Greeter.Hello", "{\"name\":\"Alice\"}".getBytes(StandardCharsets.UTF_8),
        "application/json", CallOptions.DEFAULT);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"message\":\"Hello Alice\"}");
    assertThat(r.node().id()).isEqualTo(greeter.node().id());
  }

  @Test
  void aPlainGrpcJavaStubCallsTheService() {
    HelloReply reply = GreeterGrpc.newBlockingStub(channel).hello(HelloRequest.newBuilder().setName("Bob").build());
    assertThat(reply.getMessage()).isEqualTo("Hello Bob");
  }

  @Test
  void anyPackagePrefixRoutesToTheHandler() {
    MethodDescriptor<HelloRequest, HelloReply> goMicroStyle = GreeterGrpc.getHelloMethod().toBuilder()
        .setFullMethodName("some.other.pkg.Greeter/Hello").build();
    HelloReply reply = ClientCalls.blockingUnaryCall(channel, goMicroStyle, io.grpc.CallOptions.DEFAULT,
        HelloRequest.newBuilder().setName("Go").build());
    assertThat(reply.getMessage()).isEqualTo("Hello Go");
  }

  @Test
  void chatAnswersEachMessageThroughMicrosClient() {
    try (ClientStream<ChatMessage, ChatMessage> chat = client.stream("greeter", "Greeter.Chat", ChatMessage.class)) {
      chat.send(ChatMessage.newBuilder().setText("one").build());
      assertThat(chat.receive()).map(ChatMessage::getText).contains("one");
      chat.send(ChatMessage.newBuilder().setText("two").build());
      assertThat(chat.receive()).map(ChatMessage::getText).contains("two");
      chat.closeSend();
      assertThat(chat.receive()).isEmpty();
    }
  }

  @Test
  void chatAnswersEachMessageThroughAPlainGrpcStub() throws InterruptedException {
    Collector got = new Collector();
    StreamObserver<ChatMessage> out = GreeterGrpc.newStub(channel).chat(got);
    for (String s : List.of("a", "b", "c")) {
      out.onNext(ChatMessage.newBuilder().setText(s).build());
    }
    out.onCompleted();
    assertThat(got.done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(got.texts).containsExactly("a", "b", "c");
  }

  @Test
  void generatedStubsCallByServiceNameThroughMicroChannel() throws InterruptedException {
    MicroChannel byName = MicroChannel.of(client, "greeter");
    assertThat(GreeterGrpc.newBlockingStub(byName).hello(HelloRequest.newBuilder().setName("Stub").build()).getMessage())
        .isEqualTo("Hello Stub");
    Collector got = new Collector();
    StreamObserver<ChatMessage> out = GreeterGrpc.newStub(byName).chat(got);
    out.onNext(ChatMessage.newBuilder().setText("x").build());
    out.onNext(ChatMessage.newBuilder().setText("y").build());
    out.onCompleted();
    assertThat(got.done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(got.texts).containsExactly("x", "y");
  }

  @Test
  void microChannelReportsMicroErrorsAsGrpcStatuses() {
    MicroChannel byName = MicroChannel.of(client, "nosuch");
    assertThatThrownBy(() -> GreeterGrpc.newBlockingStub(byName).hello(HelloRequest.newBuilder().setName("x").build()))
        .isInstanceOfSatisfying(io.grpc.StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND));
  }

  @Test
  void theServicesOwnClientTakesTheInProcessPath() {
    remotes.clear();
    HelloReply reply = greeter.client().call("greeter", "Greeter.Hello", HelloRequest.newBuilder().setName("Me").build(), HelloReply.class);
    assertThat(reply.getMessage()).isEqualTo("Hello Me");
    assertThat(remotes).containsExactly("local");
  }

  @Test
  void theRegistryRecordDescribesEndpointsAndNode() {
    var records = greeter.registry().getService("greeter");
    assertThat(records).hasSize(1);
    var rec = records.get(0);
    assertThat(rec.endpoints()).extracting(e -> e.name()).contains("Greeter.Hello", "Greeter.Chat");
    var hello = rec.endpoints().stream().filter(e -> e.name().equals("Greeter.Hello")).findFirst().orElseThrow();
    assertThat(hello.idempotent()).isTrue();
    assertThat(hello.request().values()).extracting(v -> v.name()).containsExactly("name");
    assertThat(rec.nodes().get(0).metadata()).containsEntry("protocol", "grpc").containsEntry("transport", "grpc")
        .containsKeys("broker", "registry", "server");
  }

  /** Collects the texts a chat answers with. */
  static final class Collector implements StreamObserver<ChatMessage> {
    final List<String> texts = new CopyOnWriteArrayList<>();
    final CountDownLatch done = new CountDownLatch(1);

    @Override
    public void onNext(ChatMessage m) {
      texts.add(m.getText());
    }

    @Override
    public void onError(Throwable t) {
      done.countDown();
    }

    @Override
    public void onCompleted() {
      done.countDown();
    }
  }
}
