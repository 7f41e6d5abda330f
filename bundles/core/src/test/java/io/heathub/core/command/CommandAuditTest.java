package io.heathub.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandAuditTest {
    @TempDir
    Path dir;

    @Test
    void everyStepIsOneJsonLineWithWhoAskedAndItSurvivesReopening() throws Exception {
        Path file = dir.resolve("audit/commands.jsonl");
        Command c = new Command("r-1", "room-101", "setpoint.room", new BigDecimal("21.5"), "mqtt:billing");
        Instant t = Instant.parse("2026-11-23T08:00:00Z");
        try (CommandAudit audit = new CommandAudit(file)) {
            audit.record(c, new CommandResult("r-1", CommandResult.Status.ACCEPTED, "", java.util.Optional.empty()), t);
            audit.record(c, CommandResult.done("r-1", new BigDecimal("21.5")), t.plusSeconds(1));
        }
        try (CommandAudit audit = new CommandAudit(file)) {
            audit.record(c, CommandResult.refused("r-2", "rate \"limit\""), t.plusSeconds(2));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).containsExactly(
                "{\"time\":\"2026-11-23T08:00:00Z\",\"requestId\":\"r-1\",\"requestedBy\":\"mqtt:billing\","
                        + "\"device\":\"room-101\",\"point\":\"setpoint.room\",\"value\":21.5,\"status\":\"ACCEPTED\",\"message\":\"\"}",
                "{\"time\":\"2026-11-23T08:00:01Z\",\"requestId\":\"r-1\",\"requestedBy\":\"mqtt:billing\","
                        + "\"device\":\"room-101\",\"point\":\"setpoint.room\",\"value\":21.5,\"status\":\"DONE\",\"message\":\"\","
                        + "\"readBack\":21.5}",
                "{\"time\":\"2026-11-23T08:00:02Z\",\"requestId\":\"r-1\",\"requestedBy\":\"mqtt:billing\","
                        + "\"device\":\"room-101\",\"point\":\"setpoint.room\",\"value\":21.5,\"status\":\"REFUSED\","
                        + "\"message\":\"rate \\\"limit\\\"\"}");
    }
}
