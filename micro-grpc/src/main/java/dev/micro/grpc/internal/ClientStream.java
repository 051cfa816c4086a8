package dev.micro.grpc.internal;

import dev.micro.MicroException;
import dev.micro.transport.ClientTransport;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * A client stream over a gRPC {@link ClientCall}: {@link #receive} blocks on a queue fed by the
 * listener and asks for one more message per message consumed; {@link #send} waits while the
 * transport is not ready. Messages that arrived before an error are received before it. Every use
 * of the call happens under one lock.
 */
public final class ClientStream extends ClientCall.Listener<byte[]> implements ClientTransport.Stream {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final Condition writable = lock.newCondition();
  private final ArrayDeque<byte[]> inbox = new ArrayDeque<>();
  private final BiFunction<Status, Metadata, MicroException> errors;
  private ClientCall<byte[], byte[]> call;
  private volatile dev.micro.Metadata headers = dev.micro.Metadata.empty();
  private Status status;
  private Metadata trailers;
  private boolean sendClosed;
  private boolean sentAny;

  /** A stream whose failures are turned into errors by {@code errors}. */
  public ClientStream(BiFunction<Status, Metadata, MicroException> errors) {
    this.errors = errors;
  }

  /** Starts {@code call} with these headers and asks for the first message. */
  public ClientStream start(ClientCall<byte[], byte[]> call, Metadata requestHeaders) {
    lock.lock();
    try {
      this.call = call;
      call.start(this, requestHeaders);
      call.request(1);
    } finally {
      lock.unlock();
    }
    return this;
  }

  @Override
  public void send(byte[] frame) {
    lock.lock();
    try {
      // grpc-java holds back the headers of a call whose client sends one message until that
      // message is written, so the stream cannot be ready before it: wait only from the second.
      while (sentAny && status == null && !call.isReady()) {
        writable.await();
      }
      if (status != null) {
        if (!status.isOk()) {
          throw errors.apply(status, trailers);
        }
        return; // the server has finished; it reads no more
      }
      if (sendClosed) {
        throw new IllegalStateException("send after closeSend");
      }
      sentAny = true;
      call.sendMessage(frame);
    } catch (InterruptedException e) {
      call.cancel("interrupted", e);
      Thread.currentThread().interrupt();
      throw new MicroException(dev.micro.Status.CANCELLED.withDescription("interrupted while sending"), "micro.client");
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void closeSend() {
    lock.lock();
    try {
      if (!sendClosed && status == null) {
        sendClosed = true;
        call.halfClose();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<byte[]> receive() {
    lock.lock();
    try {
      while (inbox.isEmpty() && status == null) {
        readable.await();
      }
      byte[] next = inbox.poll();
      if (next != null) {
        if (status == null) {
          call.request(1);
        }
        return Optional.of(next);
      }
      if (status.isOk()) {
        return Optional.empty();
      }
      throw errors.apply(status, trailers);
    } catch (InterruptedException e) {
      call.cancel("interrupted", e);
      Thread.currentThread().interrupt();
      throw new MicroException(dev.micro.Status.CANCELLED.withDescription("interrupted while receiving"), "micro.client");
    } finally {
      lock.unlock();
    }
  }

  @Override
  public dev.micro.Metadata headers() {
    return headers;
  }

  @Override
  public void cancel(String reason) {
    lock.lock();
    try {
      if (status == null) {
        call.cancel(reason, null);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onHeaders(Metadata h) {
    headers = GrpcHeaders.toMetadata(h);
  }

  @Override
  public void onMessage(byte[] message) {
    lock.lock();
    try {
      inbox.add(message);
      readable.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onReady() {
    lock.lock();
    try {
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onClose(Status s, Metadata t) {
    lock.lock();
    try {
      status = s;
      trailers = t;
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
