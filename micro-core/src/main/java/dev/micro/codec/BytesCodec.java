package dev.micro.codec;

import java.lang.reflect.Type;
import java.util.List;

/** {@code application/octet-stream}: a {@code byte[]} message carried as it is. */
public final class BytesCodec implements Codec {
  @Override
  public String contentType() {
    return "application/octet-stream";
  }

  @Override
  public List<String> aliases() {
    return List.of("application/grpc+bytes");
  }

  @Override
  public boolean supports(Type type) {
    return type == byte[].class;
  }

  @Override
  public byte[] encode(Object value) {
    return (byte[]) value;
  }

  @Override
  public Object decode(byte[] data, Type type) {
    return data;
  }
}
