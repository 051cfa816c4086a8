package dev.micro;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MicroExceptionTest {

  @Test
  void writesGoMicroErrorJson() {
    MicroException e = new MicroException(Status.NOT_FOUND.withDescription("user 42"), "greeter");
    assertThat(e.toJson()).isEqualTo("{\"id\":\"greeter\",\"code\":404,\"detail\":\"user 42\",\"status\":\"Not Found\"}");
  }

  @Test
  void readsGoMicroErrorJsonBack() {
    MicroException e = MicroException.fromJson("{\"id\":\"go.micro.client\",\"code\":408,\"detail\":\"call timeout\",\"status\":\"Request Timeout\"}", Status.Code.UNKNOWN);
    assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(e.detail()).isEqualTo("call timeout");
    assertThat(e.id()).isEqualTo("go.micro.client");
  }

  @Test
  void textThatIsNotErrorJsonBecomesTheDetail() {
    MicroException e = MicroException.fromJson("connection reset", Status.Code.INTERNAL);
    assertThat(e.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.detail()).isEqualTo("connection reset");
  }

  @Test
  void httpCodesMapLikeGoMicro() {
    assertThat(Status.Code.ofHttp(400)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(Status.Code.ofHttp(401)).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(Status.Code.ofHttp(403)).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(Status.Code.ofHttp(409)).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(Status.Code.ofHttp(503)).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(Status.Code.ofHttp(418)).isEqualTo(Status.Code.UNKNOWN);
    for (Status.Code c : Status.Code.values()) {
      assertThat(Status.Code.ofValue(c.value())).isEqualTo(c);
    }
  }

  @Test
  void fromThrowableKeepsAMicroExceptionsStatusAndHidesOthersAsInternal() {
    MicroException inner = Status.PERMISSION_DENIED.withDescription("no").asException();
    assertThat(Status.fromThrowable(new RuntimeException(inner)).code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(Status.fromThrowable(new IllegalStateException("boom")).code()).isEqualTo(Status.Code.INTERNAL);
  }
}
