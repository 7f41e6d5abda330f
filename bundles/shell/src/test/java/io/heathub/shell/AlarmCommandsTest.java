package io.heathub.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.billing.alarm.AlarmBook;
import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.alarm.AlarmStatus;
import io.heathub.billing.alarm.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alarm commands on the billing library's real alarm book. */
class AlarmCommandsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T06:00:00Z");
    private final AlarmBook book = new AlarmBook(AlarmConfig.defaults());
    private final AlarmStatus status = new io.heathub.billing.fixtures.BookAlarms(book, T0.plusSeconds(60));
    private final AlarmCommands commands = new AlarmCommands(status);

    @Test
    void listsOpenAlarmsWithClassAndDeadlineAndAcknowledgesAsTheConsole() {
        assertThat(commands.alarms()).isEqualTo("no open alarms");
        book.observe(T0, List.of(new Condition("driveTrip", "pump-west", "drive tripped: pump.status bit 3")));

        String table = commands.alarms();
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("ALARM ").contains("CLASS").contains("DUE BY");
        assertThat(table).contains("driveTrip:pump-west").contains("2026-12-07T07:00:00Z").contains("drive tripped");

        assertThat(commands.ack(null, "driveTrip:pump-west")).startsWith("alarm driveTrip:pump-west acknowledged by shell:console");
        assertThat(commands.alarms()).contains("shell:console at 2026-12-07T06:01:00Z");
    }

    @Test
    void aBadOrUnknownIdIsAOneLineAnswer() {
        assertThat(commands.ack(null, "silent:heat-404")).isEqualTo("no open alarm silent:heat-404");
        assertThat(commands.ack(null, "rm -rf /")).startsWith("usage: ack ALARM");
        assertThat(commands.ack(null, "x".repeat(5000))).startsWith("usage: ack ALARM").hasSizeLessThan(200);
    }
}
