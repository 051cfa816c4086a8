package dev.micro;

/** The four shapes of a call, as in gRPC. */
public enum CallType {
  UNARY(false, false),
  SERVER_STREAMING(false, true),
  CLIENT_STREAMING(true, false),
  BIDI_STREAMING(true, true);

  private final boolean clientStreams;
  private final boolean serverStreams;

  CallType(boolean clientStreams, boolean serverStreams) {
    this.clientStreams = clientStreams;
    this.serverStreams = serverStreams;
  }

  /** Whether the caller may send more than one message. */
  public boolean clientStreams() {
    return clientStreams;
  }

  /** Whether the server may answer with more than one message. */
  public boolean serverStreams() {
    return serverStreams;
  }

  public boolean isStreaming() {
    return this != UNARY;
  }
}
