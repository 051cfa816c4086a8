package dev.micro.grpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import dev.micro.CallType;
import dev.micro.Metadata;
import dev.micro.MicroException;
import dev.micro.Sink;
import dev.micro.Source;
import dev.micro.Status;
import dev.micro.grpc.internal.BytesMarshaller;
import dev.micro.grpc.test.EchoGrpc;
import dev.micro.grpc.test.SayReply;
import dev.micro.grpc.test.SayRequest;
import dev.micro.server.PojoHandlerAdapter;
import dev.micro.transport.OutgoingCall;
import dev.micro.transport.TransportOptions;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Standard grpc-java clients calling a Micro server that serves a plain Java handler. */
class GrpcInteropTest {
  private TestServer server;
  private final EchoHandler handler = new EchoHandler();

  /** Serves {@code Echo.Say} and {@code Echo.Chat} with protobuf messages. */
  public static final class EchoHandler {
    final java.util.concurrent.CountDownLatch interrupted = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    public SayReply say(SayRequest request) throws InterruptedException {
      if (request.getText().equals("block")) {
        try {
          release.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          interrupted.countDown();
          throw e;
        }
      }
      if (request.getText().equals("missing")) {
        throw new MicroException(Status.NOT_FOUND.withDescription("no such text"), "echo.lookup");
      }
      return SayReply.newBuilder().setText(request.getText().repeat(Math.max(1, request.getTimes()))).build();
    }

    public void chat(Source<SayRequest> in, Sink<SayReply> out) {
      in.forEach(r -> out.send(SayReply.newBuilder().setText(r.getText()).build()));
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = new TestServer(new PojoHandlerAdapter().adapt(handler));
  }

  @AfterEach
  void stop() throws Exception {
    handler.release.countDown();
    server.close();
  }

  @Test
  void generatedBlockingStubCallsTheMicroServerWithProtobuf() {
    SayReply reply = EchoGrpc.newBlockingStub(server.channel).say(SayRequest.newBuilder().setText("ab").setTimes(2).build());

    assertThat(reply.getText()).isEqualTo("abab");
  }

  @Test
  void xContentTypeHeaderSwitchesTheCallToJson() {
    io.grpc.Metadata headers = new io.grpc.Metadata();
    headers.put(io.grpc.Metadata.Key.of("x-content-type", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "application/json");
    var channel = ClientInterceptors.intercept(server.channel, MetadataUtils.newAttachHeadersInterceptor(headers));

    byte[] reply = ClientCalls.blockingUnaryCall(channel, raw("test.echo.Echo/Say"), CallOptions.DEFAULT,
        "{\"text\":\"hi\",\"times\":3}".getBytes(UTF_8));

    assertThat(new String(reply, UTF_8)).isEqualTo("{\"text\":\"hihihi\"}");
  }

  @Test
  void anyPackagePrefixRoutesToTheSameEndpoint() throws Exception {
    byte[] reply = ClientCalls.blockingUnaryCall(server.channel, raw("other.Echo/Say"), CallOptions.DEFAULT,
        SayRequest.newBuilder().setText("x").build().toByteArray());

    assertThat(SayReply.parseFrom(reply).getText()).isEqualTo("x");
  }

  @Test
  void errorsCarryGoMicrosErrorDetailThatARawClientCanRead() throws Exception {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> EchoGrpc.newBlockingStub(server.channel).say(SayRequest.newBuilder().setText("missing").build()));

    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND);
    assertThat(e.getStatus().getDescription()).isEqualTo("no such text");
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    assertThat(details).isNotNull();
    assertThat(details.getCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND.value());
    Any any = details.getDetails(0);
    assertThat(any.getTypeUrl()).isEqualTo("type.googleapis.com/errors.Error");
    dev.micro.grpc.test.errors.Error error = any.unpack(dev.micro.grpc.test.errors.Error.class);
    assertThat(error.getId()).isEqualTo("echo.lookup");
    assertThat(error.getCode()).isEqualTo(404);
    assertThat(error.getDetail()).isEqualTo("no such text");
    assertThat(error.getStatus()).isEqualTo("Not Found");
  }

  @Test
  void microClientCallsWithProtobufAndRebuildsTheError() {
    try (GrpcClientTransport client = new GrpcClientTransport(TransportOptions.defaults())) {
      OutgoingCall call = new OutgoingCall("echo", "Echo.Say", CallType.UNARY, "application/protobuf", Metadata.empty(), null);

      byte[] ok = client.unary(server.address, call, SayRequest.newBuilder().setText("q").build().toByteArray()).body();
      MicroException e = catchThrowableOfType(MicroException.class,
          () -> client.unary(server.address, call, SayRequest.newBuilder().setText("missing").build().toByteArray()));

      assertThat(new String(ok, UTF_8)).contains("q");
      assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(e.id()).isEqualTo("echo.lookup");
      assertThat(e.detail()).isEqualTo("no such text");
    }
  }

  @Test
  void theCallersDeadlineInterruptsABlockedHandler() {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> EchoGrpc.newBlockingStub(server.channel).withDeadlineAfter(200, java.util.concurrent.TimeUnit.MILLISECONDS)
            .say(SayRequest.newBuilder().setText("block").build()));

    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.DEADLINE_EXCEEDED);
    org.awaitility.Awaitility.await().until(() -> handler.interrupted.getCount() == 0);
  }

  @Test
  void generatedAsyncStubStreamsBothWays() {
    var replies = new java.util.concurrent.LinkedBlockingQueue<String>();
    var done = new java.util.concurrent.CountDownLatch(1);
    var requests = EchoGrpc.newStub(server.channel).chat(new io.grpc.stub.StreamObserver<>() {
      @Override public void onNext(SayReply r) { replies.add(r.getText()); }
      @Override public void onError(Throwable t) { done.countDown(); }
      @Override public void onCompleted() { done.countDown(); }
    });
    for (String s : new String[] {"a", "b", "c"}) {
      requests.onNext(SayRequest.newBuilder().setText(s).build());
    }
    requests.onCompleted();

    org.awaitility.Awaitility.await().until(() -> done.getCount() == 0);
    assertThat(replies).containsExactly("a", "b", "c");
  }

  private static MethodDescriptor<byte[], byte[]> raw(String fullMethodName) {
    return BytesMarshaller.method(fullMethodName, MethodDescriptor.MethodType.UNARY);
  }
}
