package dev.micro.grpc.internal;

import dev.micro.MicroException;
import dev.micro.Status;
import dev.micro.server.Dispatcher;
import dev.micro.server.EndpointHandler;
import dev.micro.server.IncomingCall;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerCall;

/**
 * One unary call: collects the request, and on half-close runs the handler, inline on the
 * server's virtual thread, and answers. A cancellation (the caller gave up, or its deadline
 * passed) interrupts the handler; it comes through the call's {@link Context}, because the
 * listener's own {@code onCancel} cannot arrive while {@code onHalfClose} is still running.
 */
final class UnaryCall extends ServerCall.Listener<byte[]> implements Context.CancellationListener {

  private final Dispatcher dispatcher;
  private final EndpointHandler handler;
  private final IncomingCall incoming;
  private final ServerCall<byte[], byte[]> call;
  private byte[] request;
  private volatile Thread worker;
  private volatile boolean cancelled;

  UnaryCall(Dispatcher dispatcher, EndpointHandler handler, IncomingCall incoming, ServerCall<byte[], byte[]> call) {
    this.dispatcher = dispatcher;
    this.handler = handler;
    this.incoming = incoming;
    this.call = call;
  }

  UnaryCall start() {
    call.request(2); // two, so that a second request message is noticed
    return this;
  }

  @Override
  public void onMessage(byte[] message) {
    if (request != null) {
      MicroCallHandler.closeWithError(call, new MicroException(Status.INVALID_ARGUMENT.withDescription(
          "%s is unary but the caller sent more than one message", handler.name()), dispatcher.service()));
      request = null;
      cancelled = true;
      return;
    }
    request = message;
  }

  @Override
  public void onHalfClose() {
    if (cancelled) {
      return;
    }
    if (request == null) {
      MicroCallHandler.closeWithError(call, new MicroException(Status.INVALID_ARGUMENT.withDescription(
          "%s is unary but the caller sent no message", handler.name()), dispatcher.service()));
      return;
    }
    Context context = Context.current();
    worker = Thread.currentThread();
    context.addListener(this, Runnable::run);
    try {
      run();
    } finally {
      context.removeListener(this);
      worker = null;
      Thread.interrupted(); // a cancellation racing the end must not leak into the next callback
    }
  }

  private void run() {
    byte[] response;
    try {
      response = dispatcher.unary(incoming, handler, request);
    } catch (MicroException e) {
      if (!cancelled) {
        MicroCallHandler.closeWithError(call, e);
      }
      return;
    } catch (RuntimeException | Error e) {
      if (!cancelled) {
        MicroCallHandler.closeWithError(call, dispatcher.toError(handler.name(), e));
      }
      return;
    }
    if (cancelled) {
      return;
    }
    try {
      call.sendHeaders(new Metadata());
      call.sendMessage(response);
      call.close(io.grpc.Status.OK, new Metadata());
    } catch (IllegalStateException e) {
      // cancelled between the check and the send
    }
  }

  @Override
  public void cancelled(Context context) {
    cancelled = true;
    Thread t = worker;
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public void onCancel() {
    cancelled = true;
  }
}
