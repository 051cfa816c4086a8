package dev.micro.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.Metadata;
import org.junit.jupiter.api.Test;

class GrpcHeadersTest {

  @Test
  void endpointIgnoresThePackagePrefix() {
    assertThat(GrpcHeaders.endpoint("greeter.Greeter/Hello")).isEqualTo("Greeter.Hello");
    assertThat(GrpcHeaders.endpoint("a.b.c.Greeter/Hello")).isEqualTo("Greeter.Hello");
    assertThat(GrpcHeaders.endpoint("Greeter/Hello")).isEqualTo("Greeter.Hello");
    assertThat(GrpcHeaders.endpoint("nothing")).isNull();
  }

  @Test
  void fullMethodNamePutsTheServiceWhereThePackageGoes() {
    assertThat(GrpcHeaders.fullMethodName("greeter", "Greeter.Hello")).isEqualTo("greeter.Greeter/Hello");
  }

  @Test
  void contentTypeFollowsTheGrpcContentTypeThenXContentType() {
    assertThat(GrpcHeaders.contentType(headers("application/grpc", null))).isEqualTo("application/protobuf");
    assertThat(GrpcHeaders.contentType(headers("application/grpc+proto", null))).isEqualTo("application/protobuf");
    assertThat(GrpcHeaders.contentType(headers("application/grpc+json", null))).isEqualTo("application/json");
    assertThat(GrpcHeaders.contentType(headers("application/grpc", "application/json"))).isEqualTo("application/json");
    assertThat(GrpcHeaders.contentType(headers("application/grpc+proto", "application/json"))).isEqualTo("application/protobuf");
  }

  @Test
  void metadataLeavesOutReservedHeaders() {
    io.grpc.Metadata h = headers("application/grpc", "application/json");
    put(h, "user-agent", "grpc-java");
    put(h, "grpc-accept-encoding", "gzip");
    put(h, "authorization", "Bearer t");
    h.put(io.grpc.Metadata.Key.of("trace-bin", io.grpc.Metadata.BINARY_BYTE_MARSHALLER), new byte[] {1});

    Metadata md = GrpcHeaders.toMetadata(h);

    assertThat(md.asMap()).containsOnlyKeys("authorization");
  }

  private static io.grpc.Metadata headers(String contentType, String xContentType) {
    io.grpc.Metadata h = new io.grpc.Metadata();
    put(h, "content-type", contentType);
    if (xContentType != null) {
      put(h, "x-content-type", xContentType);
    }
    return h;
  }

  private static void put(io.grpc.Metadata h, String k, String v) {
    h.put(io.grpc.Metadata.Key.of(k, io.grpc.Metadata.ASCII_STRING_MARSHALLER), v);
  }
}
