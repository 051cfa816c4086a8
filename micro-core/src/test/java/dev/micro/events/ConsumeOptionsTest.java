package dev.micro.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConsumeOptionsTest {
  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Test
  void theNackDelayDoublesFrom100MsUpTo5Seconds() {
    ConsumeOptions o = ConsumeOptions.defaults();
    assertThat(IntStream.rangeClosed(1, 8).mapToObj(o::nackDelay))
        .containsExactly(ms(100), ms(200), ms(400), ms(800), ms(1600), ms(3200), ms(5000), ms(5000));
    assertThat(o.nackDelay(Integer.MAX_VALUE)).isEqualTo(ms(5000));
    assertThat(o.nackDelay(0)).isEqualTo(ms(100));
  }

  @Test
  void theNackDelayIsAtMostTheAckWait() {
    ConsumeOptions o = ConsumeOptions.defaults().withAckWait(ms(300));
    assertThat(IntStream.rangeClosed(1, 4).mapToObj(o::nackDelay)).containsExactly(ms(100), ms(200), ms(300), ms(300));
    assertThat(ConsumeOptions.defaults().withAckWait(ms(1)).nackDelay(1)).isEqualTo(ms(1));
  }

  @Test
  void anAckWaitBeyondTheAcceptedRangeIsRefusedAtOnce() {
    assertThatThrownBy(() -> ConsumeOptions.defaults().withAckWait(Duration.ofDays(365_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ackWait: PT8760000H (expected: 1ms to 36500 days)");
    assertThatThrownBy(() -> ConsumeOptions.defaults().withAckWait(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ackWait: ");
    assertThat(ConsumeOptions.defaults().withAckWait(Duration.ofDays(36_500)).ackWait()).isEqualTo(Duration.ofDays(36_500));
  }

  @Test
  void theLargestRetryLimitMeansAsManyDeliveriesAsAnIntHolds() {
    assertThat(ConsumeOptions.defaults().withRetryLimit(Integer.MAX_VALUE).maxDeliveries()).isEqualTo(Integer.MAX_VALUE);
    assertThat(ConsumeOptions.defaults().withRetryLimit(2).maxDeliveries()).isEqualTo(3);
  }

  @Test
  void anOffsetTimeOutsideTheYears0To9999IsRefusedAtOnce() {
    assertThatThrownBy(() -> Offset.at(Instant.MAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time: +1000000000-12-31T23:59:59.999999999Z (expected: 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z)");
    assertThatThrownBy(() -> Offset.at(Instant.MIN)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Offset.at(Instant.parse("9999-12-31T23:59:59.999999999Z"))).isNotNull();
    assertThat(Offset.at(Instant.parse("0000-01-01T00:00:00Z"))).isNotNull();
  }
}
