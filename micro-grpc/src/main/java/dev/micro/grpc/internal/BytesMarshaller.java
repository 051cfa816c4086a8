package dev.micro.grpc.internal;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Passes message bytes through untouched; the codec runs in the dispatcher or the client. */
public final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
  /** The one instance; stateless. */
  public static final BytesMarshaller INSTANCE = new BytesMarshaller();

  private BytesMarshaller() {}

  @Override
  public InputStream stream(byte[] value) {
    return new BytesStream(value);
  }

  @Override
  public byte[] parse(InputStream stream) {
    try {
      if (stream instanceof KnownLength) {
        // The exact size is known: one allocation, no growing buffer.
        byte[] b = new byte[stream.available()];
        int n = stream.readNBytes(b, 0, b.length);
        return n == b.length && stream.read() < 0 ? b : concat(b, n, stream);
      }
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] concat(byte[] head, int n, InputStream rest) throws IOException {
    byte[] more = rest.readAllBytes();
    byte[] all = new byte[n + more.length];
    System.arraycopy(head, 0, all, 0, n);
    System.arraycopy(more, 0, all, n, more.length);
    return all;
  }

  /** A method descriptor for {@code fullMethodName} carrying bytes both ways. */
  public static MethodDescriptor<byte[], byte[]> method(String fullMethodName, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setFullMethodName(fullMethodName)
        .setType(type)
        .setRequestMarshaller(INSTANCE)
        .setResponseMarshaller(INSTANCE)
        .build();
  }

  /** Tells gRPC the length up front and writes the array straight into its buffer. */
  private static final class BytesStream extends ByteArrayInputStream implements KnownLength, Drainable {
    BytesStream(byte[] b) {
      super(b);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int n = count - pos;
      target.write(buf, pos, n);
      pos = count;
      return n;
    }
  }
}
