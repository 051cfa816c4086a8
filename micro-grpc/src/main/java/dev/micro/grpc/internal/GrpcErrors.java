package dev.micro.grpc.internal;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.micro.MicroException;
import dev.micro.Status;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Maps Micro errors to gRPC statuses and back, carrying go-micro's {@code errors.Error} as a
 * status detail in {@code grpc-status-details-bin} so that Go and Java peers rebuild the same error.
 */
public final class GrpcErrors {
  /** The type URL go-micro's error detail travels under. */
  public static final String ERROR_TYPE_URL = "type.googleapis.com/errors.Error";
  /** The {@code grpc-status-details-bin} trailer. */
  public static final io.grpc.Metadata.Key<com.google.rpc.Status> STATUS_DETAILS =
      io.grpc.Metadata.Key.of("grpc-status-details-bin", ProtoUtils.metadataMarshaller(com.google.rpc.Status.getDefaultInstance()));

  private GrpcErrors() {}

  /** The gRPC status for an error: the same code, the detail as description, no cause. */
  public static io.grpc.Status toStatus(MicroException e) {
    io.grpc.Status s = io.grpc.Status.fromCodeValue(e.code().value());
    return e.detail().isEmpty() ? s : s.withDescription(e.detail());
  }

  /** Trailers carrying the error as a {@code google.rpc.Status} with an {@code errors.Error} detail. */
  public static io.grpc.Metadata trailers(MicroException e) {
    io.grpc.Metadata trailers = new io.grpc.Metadata();
    com.google.rpc.Status rpc = com.google.rpc.Status.newBuilder()
        .setCode(e.code().value())
        .setMessage(e.detail())
        .addDetails(Any.newBuilder().setTypeUrl(ERROR_TYPE_URL).setValue(ByteString.copyFrom(encodeError(e))))
        .build();
    trailers.put(STATUS_DETAILS, rpc);
    return trailers;
  }

  /**
   * The error a failed call stands for: from the {@code errors.Error} detail if there is one, else
   * from the description read as go-micro's error JSON, else from the status code.
   */
  public static MicroException fromStatus(io.grpc.Status status, io.grpc.Metadata trailers) {
    Status.Code code = Status.Code.ofValue(status.getCode().value());
    com.google.rpc.Status rpc = trailers == null ? null : safeDetails(trailers);
    if (rpc != null) {
      for (Any any : rpc.getDetailsList()) {
        if (any.getTypeUrl().endsWith("/errors.Error")) {
          MicroException e = decodeError(any.getValue(), code);
          if (e != null) {
            return e;
          }
        }
      }
    }
    String d = status.getDescription();
    if (d != null && d.startsWith("{")) {
      MicroException e = MicroException.fromJson(d, code);
      // A go-micro peer's JSON code is an HTTP code; the gRPC code is the exact one when it maps.
      Status.Code c = code == Status.Code.UNKNOWN ? e.code() : code;
      return new MicroException(Status.of(c).withDescription(e.detail()), e.id());
    }
    if (status.getCause() instanceof java.io.IOException && code != Status.Code.UNAVAILABLE) {
      // The connection broke under the call (a peer that died, say); grpc-java may call that
      // UNKNOWN, but it is an availability failure, retryable elsewhere for idempotent calls.
      return new MicroException(Status.UNAVAILABLE.withDescription("connection lost: %s", d == null ? code : d), "");
    }
    Status s = Status.of(code);
    return new MicroException(d == null ? s : s.withDescription(d), "");
  }

  private static com.google.rpc.Status safeDetails(io.grpc.Metadata trailers) {
    try {
      return trailers.get(STATUS_DETAILS);
    } catch (RuntimeException e) {
      return null; // a malformed detail must not hide the status itself
    }
  }

  /** go-micro's {@code errors.Error{string id=1; int32 code=2; string detail=3; string status=4}}. */
  static byte[] encodeError(MicroException e) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + e.detail().length());
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      int http = e.code().httpCode();
      if (!e.id().isEmpty()) {
        out.writeString(1, e.id());
      }
      out.writeInt32(2, http);
      if (!e.detail().isEmpty()) {
        out.writeString(3, e.detail());
      }
      String text = MicroException.httpText(http);
      if (!text.isEmpty()) {
        out.writeString(4, text);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Reads an {@code errors.Error}; the gRPC code wins unless it is UNKNOWN. Null if malformed. */
  static MicroException decodeError(ByteString value, Status.Code grpcCode) {
    String id = "";
    String detail = "";
    int http = 0;
    try {
      CodedInputStream in = value.newCodedInput();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (tag >>> 3) {
          case 1 -> id = in.readString();
          case 2 -> http = in.readInt32();
          case 3 -> detail = in.readString();
          default -> in.skipField(tag);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
    Status.Code code = grpcCode == Status.Code.UNKNOWN && http != 0 ? Status.Code.ofHttp(http) : grpcCode;
    return new MicroException(Status.of(code).withDescription(detail), id);
  }
}
