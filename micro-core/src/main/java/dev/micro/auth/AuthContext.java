package dev.micro.auth;

import java.util.Optional;

/**
 * The account of the call being handled on this thread, as {@link AuthServerInterceptor} found it
 * in the caller's token. Handlers run one per virtual thread, so this is a thread-local set for
 * the span of the handler.
 *
 * <pre>{@code
 * public Receipt buy(Order o) {
 *   String who = AuthContext.account().map(Account::id).orElse("anonymous");
 *   ...
 * }
 * }</pre>
 */
public final class AuthContext {
  private static final ThreadLocal<Account> CURRENT = new ThreadLocal<>();

  private AuthContext() {}

  /** The calling account; empty outside a call, or for a public endpoint called without a token. */
  public static Optional<Account> account() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Runs {@code body} with {@code account} as the current account, restoring the previous after. */
  static <T> T with(Account account, Body<T> body) throws Exception {
    Account previous = CURRENT.get();
    if (account == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(account);
    }
    try {
      return body.run();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** Code run with an account set. */
  @FunctionalInterface
  interface Body<T> {
    T run() throws Exception;
  }
}
