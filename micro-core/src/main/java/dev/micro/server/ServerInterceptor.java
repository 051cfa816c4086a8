package dev.micro.server;

import dev.micro.CallContext;

/**
 * Runs around every call a server handles, on the call's thread, with {@link CallContext#current()}
 * set: authentication, logging, metrics. Throw a {@link dev.micro.MicroException} to refuse the
 * call; the handler then never runs.
 */
@FunctionalInterface
public interface ServerInterceptor {
  /**
   * @param call what is being called
   * @param next runs the rest of the chain and the handler; returns the response (null for streams)
   */
  Object intercept(IncomingCall call, Next next) throws Exception;

  /** The rest of the chain. */
  @FunctionalInterface
  interface Next {
    Object proceed() throws Exception;
  }
}
