package dev.micro.config;

import dev.micro.MicroException;
import dev.micro.Status;

/**
 * A configuration problem: a missing value, a value of the wrong type, a source that cannot be
 * read or parsed. The message names the path (or the source) and what was expected.
 */
public final class ConfigException extends MicroException {
  private static final long serialVersionUID = 1L;

  private final String path;

  /** A problem with the value at {@code path} (empty for a whole source). */
  public ConfigException(String path, String message) {
    this(path, message, null);
  }

  /** As {@link #ConfigException(String, String)}, with a cause. */
  public ConfigException(String path, String message, Throwable cause) {
    super(Status.FAILED_PRECONDITION.withDescription(message).withCause(cause), "micro.config");
    this.path = path == null ? "" : path;
  }

  /** The dotted path concerned, or an empty string when the problem is a whole source. */
  public String path() {
    return path;
  }
}
