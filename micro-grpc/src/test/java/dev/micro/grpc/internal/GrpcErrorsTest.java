package dev.micro.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.MicroException;
import dev.micro.Status;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {

  @Test
  void roundTripsAnErrorThroughStatusAndTrailers() {
    MicroException sent = new MicroException(Status.ABORTED.withDescription("conflict on row 7"), "orders");

    MicroException got = GrpcErrors.fromStatus(GrpcErrors.toStatus(sent), GrpcErrors.trailers(sent));

    assertThat(got.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(got.detail()).isEqualTo("conflict on row 7");
    assertThat(got.id()).isEqualTo("orders");
  }

  @Test
  void theDetailTravelsInGrpcStatusDetailsBin() {
    io.grpc.Metadata trailers = GrpcErrors.trailers(new MicroException(Status.INTERNAL, "svc"));

    assertThat(trailers.keys()).containsExactly("grpc-status-details-bin");
  }

  @Test
  void readsGoMicroErrorJsonFromTheDescriptionWhenThereIsNoDetail() {
    io.grpc.Status s = io.grpc.Status.UNKNOWN.withDescription("{\"id\":\"go.greeter\",\"code\":404,\"detail\":\"user 42\",\"status\":\"Not Found\"}");

    MicroException e = GrpcErrors.fromStatus(s, new io.grpc.Metadata());

    assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.id()).isEqualTo("go.greeter");
    assertThat(e.detail()).isEqualTo("user 42");
  }

  @Test
  void fallsBackToTheStatusCodeAndDescription() {
    MicroException e = GrpcErrors.fromStatus(io.grpc.Status.PERMISSION_DENIED.withDescription("no"), null);

    assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.detail()).isEqualTo("no");
  }

  @Test
  void anUnknownGrpcCodeTakesTheHttpCodeOfTheErrorDetail() {
    MicroException goError = new MicroException(Status.UNAUTHENTICATED.withDescription("who"), "auth");
    io.grpc.Metadata trailers = GrpcErrors.trailers(goError);

    MicroException e = GrpcErrors.fromStatus(io.grpc.Status.UNKNOWN, trailers);

    assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.id()).isEqualTo("auth");
  }

  @Test
  void aConnectionThatBrokeUnderTheCallIsUnavailable() {
    io.grpc.Status closed = io.grpc.Status.UNKNOWN.withDescription("channel closed")
        .withCause(new java.nio.channels.ClosedChannelException());
    MicroException e = GrpcErrors.fromStatus(closed, new io.grpc.Metadata());
    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.detail()).contains("channel closed");
  }
}
