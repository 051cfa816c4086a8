package dev.micro.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.server.HandlerAdapter;
import dev.micro.transport.TransportProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ServiceRegistrationTest {

  @Test
  void theGrpcTransportIsFoundByScheme() {
    assertThat(ServiceLoader.load(TransportProvider.class))
        .filteredOn(p -> p.scheme().equals("grpc"))
        .singleElement()
        .satisfies(p -> {
          assertThat(p).isInstanceOf(GrpcTransportProvider.class);
          assertThat(p.protocol()).isEqualTo("grpc");
        });
  }

  @Test
  void theGrpcHandlerAdapterIsFoundAndOutranksThePojoAdapter() {
    assertThat(ServiceLoader.load(HandlerAdapter.class))
        .filteredOn(a -> a instanceof GrpcHandlerAdapter)
        .singleElement()
        .satisfies(a -> assertThat(a.priority()).isGreaterThan(new dev.micro.server.PojoHandlerAdapter().priority()));
  }
}
