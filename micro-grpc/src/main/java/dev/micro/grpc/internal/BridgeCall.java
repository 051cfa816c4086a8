package dev.micro.grpc.internal;

import dev.micro.MicroException;
import dev.micro.Sink;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The {@link ServerCall} a generated gRPC service sees when Micro runs it: responses go to a
 * Micro {@link Sink}, the message requests the service makes are counted so that requests are
 * fed as it asks, and {@link #close} ends the call with its status.
 */
final class BridgeCall<ReqT, RespT> extends ServerCall<ReqT, RespT> {
  private final MethodDescriptor<ReqT, RespT> method;
  private final Sink<Object> out;
  private final Function<RespT, Object> toWire;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private int requested;
  private boolean closed;
  private Status status;
  private Metadata trailers;
  private MicroException failure;
  private volatile boolean cancelled;

  BridgeCall(MethodDescriptor<ReqT, RespT> method, Sink<Object> out, Function<RespT, Object> toWire) {
    this.method = method;
    this.out = out;
    this.toWire = toWire;
  }

  @Override
  public void request(int numMessages) {
    lock.lock();
    try {
      requested += numMessages;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void sendHeaders(Metadata headers) {
    // Micro's transport sends its own headers.
  }

  @Override
  public void sendMessage(RespT message) {
    if (isClosed()) {
      throw new IllegalStateException("call is closed");
    }
    out.send(toWire.apply(message));
  }

  @Override
  public void close(Status status, Metadata trailers) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("call already closed");
      }
      closed = true;
      this.status = status;
      this.trailers = trailers;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the call from Micro's side: the caller went away or the input failed. */
  void fail(MicroException e) {
    lock.lock();
    try {
      if (!closed && failure == null) {
        failure = e;
        cancelled = e.code() == dev.micro.Status.Code.CANCELLED;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the service asks for a message; false once the call has ended. */
  boolean awaitDemand() throws InterruptedException {
    lock.lock();
    try {
      while (requested == 0 && !closed && failure == null) {
        changed.await();
      }
      if (closed || failure != null) {
        return false;
      }
      requested--;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the end of the call and throws its error, if any. */
  void awaitEnd() throws InterruptedException {
    lock.lock();
    try {
      while (!closed && failure == null) {
        changed.await();
      }
      if (failure != null) {
        throw failure;
      }
      if (!status.isOk()) {
        throw GrpcErrors.fromStatus(status, trailers);
      }
    } finally {
      lock.unlock();
    }
  }

  boolean isClosed() {
    lock.lock();
    try {
      return closed || failure != null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public boolean isReady() {
    return true; // the sink blocks while the peer is slow
  }

  @Override
  public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
    return method;
  }

  @Override
  public Attributes getAttributes() {
    return Attributes.EMPTY;
  }

  @Override
  public String getAuthority() {
    return null;
  }
}
