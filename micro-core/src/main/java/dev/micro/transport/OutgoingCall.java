package dev.micro.transport;

import dev.micro.CallType;
import dev.micro.Deadline;
import dev.micro.Metadata;

/**
 * A call as the client hands it to a transport.
 *
 * @param service the service name
 * @param endpoint {@code Handler.Method}
 * @param type the call's shape
 * @param contentType the codec's content type ({@code application/json}, {@code application/protobuf})
 * @param metadata sent as headers
 * @param deadline when the call must be finished, or null for none
 */
public record OutgoingCall(String service, String endpoint, CallType type, String contentType, Metadata metadata, Deadline deadline) {}
