package dev.micro.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.micro.Micro;
import dev.micro.events.Events;
import dev.micro.events.MemoryEvents;
import org.junit.jupiter.api.Test;

class MemoryEventsContractTest extends EventsContract {
  private final MemoryEvents shared = new MemoryEvents();

  @Override
  protected Events newEvents() {
    return shared; // one process, one stream: a second instance would see nothing
  }

  @Test
  void memoryUrlsMakeMemoryEvents() {
    try (Events e = Micro.events("memory://")) {
      assertThat(e).isInstanceOf(MemoryEvents.class);
    }
  }
}
