package dev.micro.auth;

/** The outcome of checking rules for a call. */
public enum Decision {
  /** The call may proceed. */
  GRANTED,
  /** The caller has no valid token and no public rule lets it in: 401. */
  UNAUTHENTICATED,
  /** The caller is known (or a public rule denies everyone) but not allowed: 403. */
  FORBIDDEN
}
