package dev.micro;

import dev.micro.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one exception Micro throws for a failed call or a failed backend operation. It carries a
 * {@link Status} and the id of whatever reported it (a service name, or {@code micro.client}).
 *
 * <p>On the wire it is go-micro's error JSON: {@code {"id":"greeter","code":404,"detail":"user
 * 42","status":"Not Found"}}. Causes and stack traces are never sent.
 */
public class MicroException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Status status;
  private final String id;

  public MicroException(Status status) {
    this(status, "");
  }

  public MicroException(Status status, String id) {
    super(message(status, id), status.cause().orElse(null), true, true);
    this.status = status;
    this.id = Objects.requireNonNullElse(id, "");
  }

  private static String message(Status status, String id) {
    String d = status.description().orElse("");
    String prefix = id == null || id.isEmpty() ? "" : "[" + id + "] ";
    return prefix + status.code() + (d.isEmpty() ? "" : ": " + d);
  }

  public Status status() {
    return status;
  }

  public Status.Code code() {
    return status.code();
  }

  /** Who reported the error: a service name or a component id such as {@code micro.client}. */
  public String id() {
    return id;
  }

  /** The description, or an empty string. */
  public String detail() {
    return status.description().orElse("");
  }

  /** A copy naming another reporter. */
  public MicroException withId(String id) {
    return new MicroException(status, id);
  }

  /** go-micro's error JSON for this exception. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("code", (long) status.code().httpCode());
    m.put("detail", detail());
    m.put("status", httpText(status.code().httpCode()));
    return Json.write(m);
  }

  /**
   * Rebuilds an exception from go-micro's error JSON. Text that is not such JSON becomes an
   * {@code fallback}-coded exception with the text as detail, as go-micro's {@code Parse} does.
   */
  public static MicroException fromJson(String json, Status.Code fallback) {
    try {
      Map<String, Object> m = Json.parseObject(json);
      Object code = m.get("code");
      Status.Code c = code instanceof Number n ? Status.Code.ofHttp(n.intValue()) : fallback;
      String detail = m.get("detail") instanceof String s ? s : "";
      String id = m.get("id") instanceof String s ? s : "";
      return new MicroException(Status.of(c).withDescription(detail), id);
    } catch (IllegalArgumentException e) {
      return new MicroException(Status.of(fallback).withDescription(json), "");
    }
  }

  /** The standard reason phrase for an HTTP code, as go-micro's {@code status} field carries it. */
  public static String httpText(int code) {
    return switch (code) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 412 -> "Precondition Failed";
      case 413 -> "Request Entity Too Large";
      case 429 -> "Too Many Requests";
      case 499 -> "Client Closed Request";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }
}
