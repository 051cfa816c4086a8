package dev.micro.transport;

import dev.micro.MicroException;
import dev.micro.Status;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Marks a failure to reach a node: the call never got to a server, so any call, idempotent or
 * not, may be retried on another node.
 */
public final class ConnectFailure {
  private ConnectFailure() {}

  /** An UNAVAILABLE error for {@code address}, marked as a connect failure. */
  public static MicroException of(String address, Throwable cause) {
    ConnectException marker = new ConnectException("cannot connect to " + address);
    if (cause != null) {
      marker.initCause(cause);
    }
    return new MicroException(Status.UNAVAILABLE.withDescription("cannot connect to %s", address).withCause(marker), "micro.client");
  }

  /** Whether {@code e} says the call never reached a server. */
  public static boolean is(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof NoRouteToHostException
          || c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }
}
