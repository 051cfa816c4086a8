package dev.micro.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  @Test
  void retriesAreCappedByWhatCallsEarned() {
    RetryBudget budget = new RetryBudget(0.2, 0);
    for (int i = 0; i < 10; i++) {
      budget.deposit();
    }
    int allowed = 0;
    while (budget.tryWithdraw()) {
      allowed++;
    }
    assertThat(allowed).isEqualTo(2);
  }

  @Test
  void aFloorOfRetriesIsAllowedWithoutTraffic() {
    RetryBudget budget = new RetryBudget(0, 5);
    int allowed = 0;
    while (budget.tryWithdraw() && allowed < 100) {
      allowed++;
    }
    assertThat(allowed).isBetween(5, 6);
  }
}
