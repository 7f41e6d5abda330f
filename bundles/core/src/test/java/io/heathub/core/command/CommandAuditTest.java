package io.heathub.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    @Test
    void theLogIsRotatedKeptBelowItsSizeAndAgeAndReadBackInOrder() throws Exception {
        Path file = dir.resolve("audit/commands.jsonl");
        Instant t = Instant.parse("2026-11-23T08:00:00Z");
        CommandAudit.Retention retention = new CommandAudit.Retention(256 << 10, java.time.Duration.ofDays(400));
        try (CommandAudit audit = new CommandAudit(file, retention, java.time.Clock.systemUTC())) {
            for (int i = 0; i < 3000; i++) {
                // refusals: synced at most once a second, so this test does not wait for 3000 fsyncs
                Command c = new Command("r-" + i, "room-101", "setpoint.room", new BigDecimal("21.5"), "mqtt:billing");
                assertThat(audit.record(c, CommandResult.refused("r-" + i, "rate limit"), t.plusSeconds(i))).isTrue();
            }
        }
        List<Path> files;
        try (var listed = Files.list(file.getParent())) {
            files = listed.sorted().toList();
        }
        long total = 0;
        for (Path p : files) {
            total += Files.size(p);
        }
        assertThat(total).isLessThanOrEqualTo(256 << 10);
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("commands.jsonl")
                .doesNotContain("commands.000001.jsonl").anyMatch(n -> n.matches("commands\\.0000\\d\\d\\.jsonl"));

        List<CommandAudit.Entry> history = CommandAudit.history(file, Instant.EPOCH, p -> { });
        assertThat(history).isNotEmpty().last().satisfies(e -> assertThat(e.command().requestId()).isEqualTo("r-2999"));
        List<Integer> numbers = history.stream().map(e -> Integer.parseInt(e.command().requestId().substring(2))).toList();
        assertThat(numbers).isSorted();
        assertThat(numbers.get(numbers.size() - 1) - numbers.get(0) + 1).isEqualTo(numbers.size()); // none missing in between

        // a rotated file last written 401 days ago goes when the log opens next
        Path oldest = files.stream().filter(p -> !p.getFileName().toString().equals("commands.jsonl")).findFirst().orElseThrow();
        Files.setLastModifiedTime(oldest, java.nio.file.attribute.FileTime.from(Instant.now().minus(java.time.Duration.ofDays(401))));
        new CommandAudit(file, retention, java.time.Clock.systemUTC()).close();
        assertThat(oldest).doesNotExist();
    }

    @Test
    void aTornLastLineIsReportedWithItsPlaceAndSkipped() throws Exception {
        Path file = dir.resolve("audit/commands.jsonl");
        Command c = new Command("r-1", "v1", "valve.state", BigDecimal.ONE, "mqtt");
        try (CommandAudit audit = new CommandAudit(file)) {
            audit.record(c, new CommandResult("r-1", CommandResult.Status.ACCEPTED, "", java.util.Optional.empty()),
                    Instant.parse("2026-11-23T08:00:00Z"));
        }
        Files.writeString(file, "{\"time\":\"2026-11-23T08:00:01Z\",\"requestId\":\"r-1\",\"requ", StandardOpenOption.APPEND);
        List<String> problems = new java.util.ArrayList<>();
        List<CommandAudit.Entry> history = CommandAudit.history(file, Instant.EPOCH, problems::add);
        assertThat(history).singleElement().satisfies(e -> {
            assertThat(e.command()).isEqualTo(c);
            assertThat(e.result().status()).isEqualTo(CommandResult.Status.ACCEPTED);
        });
        assertThat(problems).singleElement().asString().startsWith(file + ":2: ");
    }
}
