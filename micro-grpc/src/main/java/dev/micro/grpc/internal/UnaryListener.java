package dev.micro.grpc.internal;

import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.CountDownLatch;

/** Collects the headers, the one response and the status of a unary client call. */
public final class UnaryListener extends ClientCall.Listener<byte[]> {
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Metadata headers;
  private volatile byte[] response;
  private volatile Status status;
  private volatile Metadata trailers;

  @Override
  public void onHeaders(Metadata headers) {
    this.headers = headers;
  }

  @Override
  public void onMessage(byte[] message) {
    response = message;
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    this.status = status;
    this.trailers = trailers;
    done.countDown();
  }

  /** Waits for the call to close. */
  public void await() throws InterruptedException {
    done.await();
  }

  public Metadata headers() {
    return headers;
  }

  public byte[] response() {
    return response;
  }

  public Status status() {
    return status;
  }

  public Metadata trailers() {
    return trailers;
  }
}
