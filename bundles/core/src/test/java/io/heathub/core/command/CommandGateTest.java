package io.heathub.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.driver.Command;
import io.heathub.config.site.CommandPolicy;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandGateTest {
    private final CommandGate gate = new CommandGate();
    private final CommandPolicy policy = new CommandPolicy(3, Map.of("setpoint.room",
            new CommandPolicy.Range(new BigDecimal("16"), new BigDecimal("24"))));
    private final long t0 = 5_000_000_000L;

    private static long sec(long seconds) {
        return seconds * 1_000_000_000L;
    }

    private static Command room(String device, String value) {
        return new Command("r", device, "setpoint.room", new BigDecimal(value), "test");
    }

    @Test
    void boundsAreInclusiveAndTheRefusalNamesThem() {
        assertThat(gate.check(room("a", "16"), policy, t0)).isEmpty();
        assertThat(gate.check(room("b", "24.0"), policy, t0)).isEmpty();
        Optional<String> refused = gate.check(room("c", "24.5"), policy, t0);
        assertThat(refused).hasValueSatisfying(r -> assertThat(r)
                .isEqualTo("setpoint.room 24.5 is outside the site's bounds 16..24 (site.yaml commands.bounds)"));
        assertThat(gate.check(room("c", "15.9"), policy, t0)).isPresent();
        // Points without bounds are left to the driver's own limits.
        assertThat(gate.check(new Command("r", "v", "valve.state", BigDecimal.ONE, "t"), policy, t0)).isEmpty();
    }

    @Test
    void theRateLimitIsPerDeviceOverASlidingMinute() {
        for (int i = 0; i < 3; i++) {
            assertThat(gate.check(room("a", "20"), policy, t0 + sec(i * 10))).isEmpty();
        }
        assertThat(gate.check(room("a", "20"), policy, t0 + sec(59))).hasValueSatisfying(r ->
                assertThat(r).startsWith("rate limit: 3 commands per minute for device a"));
        assertThat(gate.check(room("b", "20"), policy, t0 + sec(59))).isEmpty();
        // The first command leaves the window 60 s after it was accepted.
        assertThat(gate.check(room("a", "20"), policy, t0 + sec(60))).isEmpty();
        // Refused commands (out of bounds) do not use up the allowance.
        assertThat(gate.check(room("b", "99"), policy, t0 + sec(61))).isPresent();
        assertThat(gate.check(room("b", "20"), policy, t0 + sec(61))).isEmpty();
        assertThat(gate.check(room("b", "20"), policy, t0 + sec(62))).isEmpty();
        assertThat(gate.check(room("b", "20"), policy, t0 + sec(63))).isPresent();
    }

    @Test
    void commandsOfTheMinuteBeforeARestartStillCount() {
        gate.restore("a", t0 - sec(50));
        gate.restore("a", t0 - sec(20));
        assertThat(gate.check(room("a", "20"), policy, t0)).isEmpty();
        assertThat(gate.check(room("a", "20"), policy, t0 + sec(1))).isPresent();
        // the first restored one leaves the window 60 s after it was accepted
        assertThat(gate.check(room("a", "20"), policy, t0 + sec(10))).isEmpty();
    }
}
