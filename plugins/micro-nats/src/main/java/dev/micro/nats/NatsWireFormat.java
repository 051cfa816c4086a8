package dev.micro.nats;

import java.util.Locale;

/**
 * How {@link NatsBroker} writes a message into a NATS message. Whatever it writes, it reads all
 * three, and a payload in none of them (from a plain NATS publisher) as a body without headers.
 * Chosen with {@code nats://...?format=envelope|headers|binary}.
 */
public enum NatsWireFormat {
  /**
   * go-micro's JSON envelope {@code {"Header":{...},"Body":"<base64>"}} (the default): go-micro
   * services read it. The base64 body makes messages a third larger, which the server pays for.
   */
  ENVELOPE,
  /**
   * NATS message headers and the raw body: readable by any header-aware NATS client and tool
   * (NATS 2.2+), not by go-micro. NATS headers hold printable ASCII only: a message with any
   * other header name or value goes as an envelope instead.
   */
  HEADERS,
  /**
   * Micro's compact frame (see the {@code BinaryFrame} layout in the README): the raw body behind a
   * few bytes of headers. The fastest; only Micro reads it.
   */
  BINARY;

  /** The format named {@code name} (any case). */
  static NatsWireFormat parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("format: '" + name + "' (expected: envelope, headers or binary)", e);
    }
  }
}
