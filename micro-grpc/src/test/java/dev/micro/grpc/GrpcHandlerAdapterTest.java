package dev.micro.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import dev.micro.CallType;
import dev.micro.grpc.test.EchoGrpc;
import dev.micro.grpc.test.SayReply;
import dev.micro.grpc.test.SayRequest;
import dev.micro.server.EndpointHandler;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A generated {@code ImplBase} served by Micro through {@link GrpcHandlerAdapter}. */
class GrpcHandlerAdapterTest {

  static final class EchoImpl extends EchoGrpc.EchoImplBase {
    @Override
    public void say(SayRequest request, StreamObserver<SayReply> responses) {
      if (request.getText().isEmpty()) {
        responses.onError(Status.FAILED_PRECONDITION.withDescription("text is empty").asRuntimeException());
        return;
      }
      responses.onNext(SayReply.newBuilder().setText("said " + request.getText()).build());
      responses.onCompleted();
    }

    @Override
    public StreamObserver<SayRequest> chat(StreamObserver<SayReply> responses) {
      return new StreamObserver<>() {
        @Override
        public void onNext(SayRequest r) {
          if (r.getText().equals("stop")) {
            responses.onError(Status.ABORTED.withDescription("stopped").asRuntimeException());
            return;
          }
          responses.onNext(SayReply.newBuilder().setText(r.getText().toUpperCase()).build());
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          responses.onCompleted();
        }
      };
    }
  }

  private final GrpcHandlerAdapter adapter = new GrpcHandlerAdapter();

  @Test
  void endpointsAreNamedByServiceAndMethodWithTypesFromTheDescriptors() {
    List<EndpointHandler> endpoints = adapter.adapt(new EchoImpl());

    assertThat(adapter.supports(new EchoImpl())).isTrue();
    assertThat(adapter.supports(new Object())).isFalse();
    assertThat(endpoints).extracting(EndpointHandler::name).containsExactly("Echo.Chat", "Echo.Say");
    EndpointHandler chat = endpoints.get(0);
    EndpointHandler say = endpoints.get(1);
    assertThat(say.type()).isEqualTo(CallType.UNARY);
    assertThat(say.requestType()).isEqualTo(SayRequest.class);
    assertThat(say.responseType()).isEqualTo(SayReply.class);
    assertThat(say.metadata()).isEmpty();
    assertThat(chat.type()).isEqualTo(CallType.BIDI_STREAMING);
    assertThat(chat.metadata()).containsEntry("stream", "true");
    assertThat(say.requestShape().values()).extracting(v -> v.name() + " " + v.type()).containsExactly("text string", "times int32");
  }

  @Test
  void servesAGeneratedImplBaseForUnaryCalls() throws Exception {
    try (TestServer server = new TestServer(adapter.adapt(new EchoImpl()))) {
      SayReply reply = EchoGrpc.newBlockingStub(server.channel).say(SayRequest.newBuilder().setText("hi").build());

      assertThat(reply.getText()).isEqualTo("said hi");
    }
  }

  @Test
  void anErrorFromTheImplBaseKeepsItsCodeAndGainsTheErrorDetail() throws Exception {
    try (TestServer server = new TestServer(adapter.adapt(new EchoImpl()))) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> EchoGrpc.newBlockingStub(server.channel).say(SayRequest.getDefaultInstance()));

      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(e.getStatus().getDescription()).isEqualTo("text is empty");
      Any detail = StatusProto.fromThrowable(e).getDetails(0);
      assertThat(detail.unpack(dev.micro.grpc.test.errors.Error.class).getId()).isEqualTo("echo");
    }
  }

  @Test
  void servesAGeneratedImplBaseForBidiStreams() throws Exception {
    try (TestServer server = new TestServer(adapter.adapt(new EchoImpl()))) {
      LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
      Recorder recorder = new Recorder(replies);
      StreamObserver<SayRequest> requests = EchoGrpc.newStub(server.channel).chat(recorder);
      for (String s : List.of("a", "b", "c")) {
        requests.onNext(SayRequest.newBuilder().setText(s).build());
      }
      requests.onCompleted();

      Awaitility.await().until(() -> recorder.done.getCount() == 0);
      assertThat(recorder.error).isNull();
      assertThat(replies).containsExactly("A", "B", "C");
    }
  }

  @Test
  void aBidiStreamEndedByTheImplBaseReachesTheCallerWhileItIsStillSending() throws Exception {
    try (TestServer server = new TestServer(adapter.adapt(new EchoImpl()))) {
      LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
      Recorder recorder = new Recorder(replies);
      StreamObserver<SayRequest> requests = EchoGrpc.newStub(server.channel).chat(recorder);
      requests.onNext(SayRequest.newBuilder().setText("a").build());
      requests.onNext(SayRequest.newBuilder().setText("stop").build());

      Awaitility.await().until(() -> recorder.done.getCount() == 0);
      assertThat(replies).containsExactly("A");
      assertThat(Status.fromThrowable(recorder.error).getCode()).isEqualTo(Status.Code.ABORTED);
      requests.onCompleted();
    }
  }

  private static final class Recorder implements StreamObserver<SayReply> {
    final CountDownLatch done = new CountDownLatch(1);
    final LinkedBlockingQueue<String> replies;
    volatile Throwable error;

    Recorder(LinkedBlockingQueue<String> replies) {
      this.replies = replies;
    }

    @Override
    public void onNext(SayReply r) {
      replies.add(r.getText());
    }

    @Override
    public void onError(Throwable t) {
      error = t;
      done.countDown();
    }

    @Override
    public void onCompleted() {
      done.countDown();
    }
  }
}
