package dev.micro;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a call: a {@link Code} (gRPC's codes), a human-readable description and an
 * optional cause. Immutable; {@code with…} methods return copies.
 *
 * <p>On the wire a status travels as go-micro's error JSON
 * {@code {"id","code","detail","status"}}, where {@code code} is the HTTP code of
 * {@link Code#httpCode()}; see {@link MicroException#toJson()}.
 */
public final class Status {

  /** The gRPC status codes, each with the HTTP code go-micro uses for it. */
  public enum Code {
    /** Not an error. */
    OK(0, 200),
    /** The caller cancelled the call. */
    CANCELLED(1, 499),
    /** An error with no better code; also what an unmapped HTTP code becomes. */
    UNKNOWN(2, 500),
    /** The request is malformed: bad JSON, a wrong field, a value out of range. */
    INVALID_ARGUMENT(3, 400),
    /** The deadline passed before the call completed. */
    DEADLINE_EXCEEDED(4, 408),
    /** A service or record that was named does not exist. */
    NOT_FOUND(5, 404),
    /** The thing to create exists already. */
    ALREADY_EXISTS(6, 409),
    /** The caller is known but not allowed. */
    PERMISSION_DENIED(7, 403),
    /** A limit was hit: message size, quota, a budget. */
    RESOURCE_EXHAUSTED(8, 429),
    /** The system is not in the state the call needs. */
    FAILED_PRECONDITION(9, 412),
    /** A concurrency conflict; retry the whole transaction. */
    ABORTED(10, 409),
    /** A value past the valid range. */
    OUT_OF_RANGE(11, 400),
    /** The endpoint does not exist on the server that answered. */
    UNIMPLEMENTED(12, 501),
    /** A bug: something broke that should not have. Details stay in the server's log. */
    INTERNAL(13, 500),
    /** The service cannot be reached now; retrying elsewhere or later may work. */
    UNAVAILABLE(14, 503),
    /** Unrecoverable loss or corruption of data. */
    DATA_LOSS(15, 500),
    /** The caller did not prove who it is. */
    UNAUTHENTICATED(16, 401);

    private static final Code[] BY_VALUE = values();
    private final int value;
    private final int httpCode;

    Code(int value, int httpCode) {
      this.value = value;
      this.httpCode = httpCode;
    }

    /** The numeric gRPC code. */
    public int value() {
      return value;
    }

    /** The HTTP status code used for this code in go-micro's error JSON and on HTTP. */
    public int httpCode() {
      return httpCode;
    }

    /** The code for a numeric gRPC code; {@link #UNKNOWN} for one out of range. */
    public static Code ofValue(int value) {
      return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : UNKNOWN;
    }

    /** The code for an HTTP status, as go-micro maps them. */
    public static Code ofHttp(int http) {
      return switch (http) {
        case 200 -> OK;
        case 400 -> INVALID_ARGUMENT;
        case 401 -> UNAUTHENTICATED;
        case 403 -> PERMISSION_DENIED;
        case 404 -> NOT_FOUND;
        case 408, 504 -> DEADLINE_EXCEEDED;
        case 409 -> ALREADY_EXISTS;
        case 412 -> FAILED_PRECONDITION;
        case 413, 429 -> RESOURCE_EXHAUSTED;
        case 499 -> CANCELLED;
        case 500 -> INTERNAL;
        case 501 -> UNIMPLEMENTED;
        case 502, 503 -> UNAVAILABLE;
        default -> UNKNOWN;
      };
    }

    /** A status with this code and no description. */
    public Status toStatus() {
      return new Status(this, null, null);
    }
  }

  public static final Status OK = Code.OK.toStatus();
  public static final Status CANCELLED = Code.CANCELLED.toStatus();
  public static final Status UNKNOWN = Code.UNKNOWN.toStatus();
  public static final Status INVALID_ARGUMENT = Code.INVALID_ARGUMENT.toStatus();
  public static final Status DEADLINE_EXCEEDED = Code.DEADLINE_EXCEEDED.toStatus();
  public static final Status NOT_FOUND = Code.NOT_FOUND.toStatus();
  public static final Status ALREADY_EXISTS = Code.ALREADY_EXISTS.toStatus();
  public static final Status PERMISSION_DENIED = Code.PERMISSION_DENIED.toStatus();
  public static final Status RESOURCE_EXHAUSTED = Code.RESOURCE_EXHAUSTED.toStatus();
  public static final Status FAILED_PRECONDITION = Code.FAILED_PRECONDITION.toStatus();
  public static final Status ABORTED = Code.ABORTED.toStatus();
  public static final Status OUT_OF_RANGE = Code.OUT_OF_RANGE.toStatus();
  public static final Status UNIMPLEMENTED = Code.UNIMPLEMENTED.toStatus();
  public static final Status INTERNAL = Code.INTERNAL.toStatus();
  public static final Status UNAVAILABLE = Code.UNAVAILABLE.toStatus();
  public static final Status DATA_LOSS = Code.DATA_LOSS.toStatus();
  public static final Status UNAUTHENTICATED = Code.UNAUTHENTICATED.toStatus();

  private final Code code;
  private final String description;
  private final Throwable cause;

  private Status(Code code, String description, Throwable cause) {
    this.code = Objects.requireNonNull(code, "code");
    this.description = description;
    this.cause = cause;
  }

  /** The status for a code. */
  public static Status of(Code code) {
    return code.toStatus();
  }

  public Code code() {
    return code;
  }

  /** The description, or empty. */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** The local cause; never sent over the wire. */
  public Optional<Throwable> cause() {
    return Optional.ofNullable(cause);
  }

  public boolean isOk() {
    return code == Code.OK;
  }

  /** A copy with this description. */
  public Status withDescription(String description) {
    return new Status(code, description, cause);
  }

  /** A copy with a formatted description. */
  public Status withDescription(String format, Object... args) {
    return new Status(code, String.format(format, args), cause);
  }

  /** A copy with this cause. */
  public Status withCause(Throwable cause) {
    return new Status(code, description, cause);
  }

  /** An exception carrying this status. */
  public MicroException asException() {
    return new MicroException(this);
  }

  /**
   * The status a throwable stands for: its own if it is a {@link MicroException}, DEADLINE_EXCEEDED
   * for a timeout, CANCELLED for an interrupt, and INTERNAL otherwise.
   */
  public static Status fromThrowable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof MicroException m) {
        return m.status();
      }
    }
    if (t instanceof java.util.concurrent.TimeoutException) {
      return DEADLINE_EXCEEDED.withDescription(t.getMessage()).withCause(t);
    }
    if (t instanceof InterruptedException) {
      return CANCELLED.withDescription("interrupted").withCause(t);
    }
    return INTERNAL.withCause(t);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Status s && s.code == code && Objects.equals(s.description, description);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, description);
  }

  @Override
  public String toString() {
    return description == null ? code.name() : code + ": " + description;
  }
}
