package io.heathub.testkit;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.hub.CommandService;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for core's {@link CommandService} where a module's tests cannot start core (the
 * uplinks do not depend on it). It keeps core's contract: a {@code setpoint.room} outside 5..35
 * is refused at once with the reason; a known request id is answered with its outcome (the same
 * stage while it runs) and never run again; every stage completes. What ran is counted, and a
 * point may be given a run time ({@link #takes}) to hold a command open.
 */
public final class StandInCommandService implements CommandService {
    /** Every command submitted, repeats included. */
    public final List<Command> submitted = new CopyOnWriteArrayList<>();
    /** Commands that reached the "device". */
    public final AtomicInteger executed = new AtomicInteger();
    /** The values written, by {@code device/point}. */
    public final Map<String, BigDecimal> values = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<CommandResult>> book = new ConcurrentHashMap<>();
    private final Map<String, Long> runMillis = new ConcurrentHashMap<>();

    /** Commands on {@code point} take {@code millis} to run. */
    public StandInCommandService takes(String point, long millis) {
        runMillis.put(point, millis);
        return this;
    }

    @Override
    public CompletionStage<CommandResult> submit(Command command) {
        submitted.add(command);
        return book.computeIfAbsent(command.requestId(), id -> run(command));
    }

    @Override
    public Optional<CommandResult> result(String requestId) {
        CompletableFuture<CommandResult> known = book.get(requestId);
        if (known == null) {
            return Optional.empty();
        }
        return Optional.of(known.getNow(new CommandResult(requestId, CommandResult.Status.ACCEPTED, "",
                Optional.empty())));
    }

    private CompletableFuture<CommandResult> run(Command command) {
        if (command.point().equals("setpoint.room") && (command.value().compareTo(BigDecimal.valueOf(5)) < 0
                || command.value().compareTo(BigDecimal.valueOf(35)) > 0)) {
            return CompletableFuture.completedFuture(CommandResult.refused(command.requestId(),
                    "setpoint.room " + command.value() + " is outside the site's bounds 5..35"));
        }
        executed.incrementAndGet();
        CompletableFuture<CommandResult> done = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(runMillis.getOrDefault(command.point(), 0L), TimeUnit.MILLISECONDS)
                .execute(() -> {
                    values.put(command.device() + "/" + command.point(), command.value());
                    done.complete(CommandResult.done(command.requestId(), command.value()));
                });
        return done;
    }
}
