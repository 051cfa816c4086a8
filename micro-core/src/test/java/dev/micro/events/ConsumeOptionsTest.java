package dev.micro.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
}
