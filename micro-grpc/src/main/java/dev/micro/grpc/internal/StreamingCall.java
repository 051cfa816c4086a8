package dev.micro.grpc.internal;

import dev.micro.MicroException;
import dev.micro.Sink;
import dev.micro.Source;
import dev.micro.Status;
import dev.micro.server.Dispatcher;
import dev.micro.server.EndpointHandler;
import dev.micro.server.IncomingCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One streaming call. The handler runs on its own virtual thread with a {@link Source} fed by the
 * transport (one message requested at a time, as the handler consumes) and a {@link Sink} that
 * waits while the transport is not ready, so a slow peer slows the handler instead of filling
 * memory. Every use of the {@link ServerCall} happens under one lock.
 */
final class StreamingCall extends ServerCall.Listener<byte[]> implements Runnable, Source<byte[]>, Sink<byte[]> {
  private static final Thread.Builder THREADS = Thread.ofVirtual().name("micro-grpc-stream");

  private final Dispatcher dispatcher;
  private final EndpointHandler handler;
  private final IncomingCall incoming;
  private final ServerCall<byte[], byte[]> call;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final Condition writable = lock.newCondition();
  private final ArrayDeque<byte[]> inbox = new ArrayDeque<>();
  private boolean halfClosed;
  private boolean cancelled;
  private boolean headersSent;
  private boolean closed;
  private Thread worker;

  StreamingCall(Dispatcher dispatcher, EndpointHandler handler, IncomingCall incoming, ServerCall<byte[], byte[]> call) {
    this.dispatcher = dispatcher;
    this.handler = handler;
    this.incoming = incoming;
    this.call = call;
  }

  StreamingCall start() {
    call.request(1);
    worker = THREADS.start(this);
    return this;
  }

  @Override
  public void run() {
    MicroException failure = null;
    try {
      dispatcher.stream(incoming, handler, this, this);
    } catch (MicroException e) {
      failure = e;
    } catch (RuntimeException | Error e) {
      failure = dispatcher.toError(handler.name(), e);
    }
    lock.lock();
    try {
      if (cancelled || closed) {
        return;
      }
      closed = true;
      if (failure == null) {
        call.close(io.grpc.Status.OK, new Metadata());
      } else {
        MicroCallHandler.closeWithError(call, failure);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<byte[]> receive() {
    lock.lock();
    try {
      while (inbox.isEmpty() && !halfClosed && !cancelled) {
        readable.await();
      }
      if (cancelled) {
        throw cancelledError();
      }
      byte[] next = inbox.poll();
      if (next == null) {
        return Optional.empty();
      }
      call.request(1);
      return Optional.of(next);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cancelledError();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void send(byte[] message) {
    lock.lock();
    try {
      while (!cancelled && !closed && !call.isReady()) {
        writable.await();
      }
      if (cancelled || closed) {
        throw cancelledError();
      }
      if (!headersSent) {
        headersSent = true;
        call.sendHeaders(new Metadata());
      }
      call.sendMessage(message);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cancelledError();
    } finally {
      lock.unlock();
    }
  }

  private MicroException cancelledError() {
    return new MicroException(Status.CANCELLED.withDescription("stream %s was cancelled", handler.name()), dispatcher.service());
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
  public void onHalfClose() {
    lock.lock();
    try {
      halfClosed = true;
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
  public void onCancel() {
    lock.lock();
    try {
      cancelled = true;
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
    // A handler blocked elsewhere (a slow backend, a sleep) learns of it too.
    worker.interrupt();
  }
}
