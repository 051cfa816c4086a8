package dev.micro.examples.greeter;

import io.grpc.stub.StreamObserver;

/** The greeter's handler: the generated gRPC service, implemented. */
public final class GreeterService extends GreeterGrpc.GreeterImplBase {

  @Override
  public void hello(HelloRequest request, StreamObserver<HelloReply> reply) {
    reply.onNext(HelloReply.newBuilder().setMessage("Hello " + request.getName()).build());
    reply.onCompleted();
  }

  @Override
  public StreamObserver<ChatMessage> chat(StreamObserver<ChatMessage> replies) {
    return new StreamObserver<>() {
      @Override
      public void onNext(ChatMessage message) {
        replies.onNext(ChatMessage.newBuilder().setText(message.getText()).build());
      }

      @Override
      public void onError(Throwable t) {
        // The caller went away; nothing to answer.
      }

      @Override
      public void onCompleted() {
        replies.onCompleted();
      }
    };
  }
}
