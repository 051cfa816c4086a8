package dev.micro.server;

import dev.micro.Deadline;
import dev.micro.Metadata;
import java.util.Optional;

/**
 * A call as a server receives it: the endpoint, the content type the caller speaks, its metadata,
 * its deadline, and the address it came from.
 */
public record IncomingCall(String endpoint, String contentType, Metadata metadata, Deadline deadline, String remote) {
  public Optional<Deadline> deadlineOpt() {
    return Optional.ofNullable(deadline);
  }
}
