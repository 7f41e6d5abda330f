package io.heathub.api.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPacingTest {

    @Test
    void anOutageIsReportedOnceAndItsAttemptsBackOffUntilASuccess() throws Exception {
        RetryPacing pacing = new RetryPacing(Duration.ofMillis(40), Duration.ofMillis(100));
        assertThat(pacing.waiting()).isFalse();
        assertThat(pacing.succeeded()).isEmpty(); // no outage to end

        assertThat(pacing.failed()).isTrue(); // starts the outage
        assertThat(pacing.waiting()).isTrue();
        Thread.sleep(60); // past the first 40 ms back-off
        assertThat(pacing.waiting()).isFalse();
        assertThat(pacing.failed()).isFalse(); // same outage: not logged again; next wait 80 ms
        Thread.sleep(50);
        assertThat(pacing.waiting()).isTrue();
        Thread.sleep(50);
        assertThat(pacing.waiting()).isFalse();
        pacing.failed(); // 160 ms capped at 100 ms
        Thread.sleep(120);
        assertThat(pacing.waiting()).isFalse();

        assertThat(pacing.succeeded()).hasValueSatisfying(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(200)));
        assertThat(pacing.waiting()).isFalse();
        assertThat(pacing.failed()).isTrue(); // a new outage starts again at the first back-off
        Thread.sleep(60);
        assertThat(pacing.waiting()).isFalse();
    }
}
