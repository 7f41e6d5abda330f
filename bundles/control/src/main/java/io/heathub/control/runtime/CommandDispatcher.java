package io.heathub.control.runtime;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.hub.CommandService;
import io.heathub.control.Decision;
import io.heathub.control.runtime.api.ControlReport.SentCommand;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns SET decisions into commands through the hub's one command path ({@code requestedBy
 * "control"}). A value is sent only when it differs by more than the output's deadband from the
 * output's latest known value — the last value a command set (DONE) or the point's last GOOD
 * reading (of any age), whichever is newer — so a steady plant gets no commands. A REFUSED or FAILED value is not resent
 * before {@code retryAfter} unless the decision moved beyond the deadband. HOLD decisions send
 * nothing: the engine holds by not writing.
 */
final class CommandDispatcher {

    /** Who asks, in the audit log and on MQTT results. */
    static final String REQUESTED_BY = "control";

    private final CommandService commands;
    private final Clock clock;
    /** By device/point: what the field was last set to, and the last attempt. Written by result callbacks too. */
    private final Map<String, Memory> memory = new ConcurrentHashMap<>();

    private record Stamped(double value, Instant time) {
    }

    private record Memory(Optional<Stamped> done, Optional<Stamped> attempt, String attemptStatus) {
    }

    /** A command in flight: its report entry and the stage that completes it. */
    record Sent(SentCommand command, CompletableFuture<CommandResult> result) {
    }

    /**
     * What one cycle's dispatch did.
     *
     * @param dispatchByOutput what was done with each decision, by output name
     * @param sent             the commands sent, in decision order
     */
    record Outcome(Map<String, String> dispatchByOutput, List<Sent> sent) {
    }

    CommandDispatcher(CommandService commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    /** Sends what must be sent and waits up to {@code dispatch.resultTimeout()} for the results. */
    Outcome dispatch(List<Decision> decisions, Map<String, Inputs.Target> targets, ControlBinding.Dispatch dispatch,
                     Instant now) {
        Map<String, String> dispatchByOutput = new LinkedHashMap<>();
        List<Sent> sent = new ArrayList<>();
        for (Decision decision : decisions) {
            Inputs.Target target = targets.get(decision.output());
            if (decision.action() == Decision.Action.HOLD) {
                dispatchByOutput.put(decision.output(), "hold: nothing sent");
                continue;
            }
            if (target == null) {
                dispatchByOutput.put(decision.output(), "not bound in control.binding: nothing sent");
                continue;
            }
            double value = round(decision.value().getAsDouble(), dispatch.decimals());
            Optional<String> skip = reasonToSkip(target, value, dispatch, now);
            if (skip.isPresent()) {
                dispatchByOutput.put(decision.output(), skip.get());
                continue;
            }
            String requestId = "control-" + now.toEpochMilli() + "-" + (sent.size() + 1);
            BigDecimal written = BigDecimal.valueOf(target.onOff() ? (value > 0 ? 1 : 0) : value)
                    .setScale(target.onOff() ? 0 : dispatch.decimals(), RoundingMode.HALF_UP);
            Command command = new Command(requestId, target.device(), target.point(), written, REQUESTED_BY);
            remember(target, value, now, "ACCEPTED", false);
            CompletableFuture<CommandResult> result = safeSubmit(command).thenApply(r -> {
                remember(target, value, clock.instant(), r.status().name(), r.status() == CommandResult.Status.DONE);
                return r;
            });
            sent.add(new Sent(new SentCommand(decision.output(), requestId, target.device(), target.point(), written,
                    CommandResult.Status.ACCEPTED.name(), ""), result));
            dispatchByOutput.put(decision.output(), "sent " + requestId + ": " + target.device() + " "
                    + target.point() + " = " + written.toPlainString());
        }
        awaitResults(sent, dispatch);
        return new Outcome(dispatchByOutput, sent);
    }

    /** The report entry of {@code sent} with its result, if in. */
    static SentCommand withResult(Sent sent) {
        CommandResult result = sent.result().getNow(null);
        if (result == null) {
            return sent.command();
        }
        SentCommand c = sent.command();
        return new SentCommand(c.output(), c.requestId(), c.device(), c.point(), c.value(), result.status().name(),
                result.message());
    }

    private Optional<String> reasonToSkip(Inputs.Target target, double value, ControlBinding.Dispatch dispatch,
                                          Instant now) {
        Memory remembered = memory.get(key(target));
        double deadband = target.deadband();
        if (remembered != null && remembered.attempt().isPresent() && !remembered.attemptStatus().equals("DONE")) {
            Stamped attempt = remembered.attempt().get();
            boolean recent = now.isBefore(attempt.time().plus(dispatch.retryAfter()));
            if (recent && Math.abs(value - attempt.value()) <= deadband) {
                return Optional.of(String.format(Locale.ROOT, "not resent: %s %s at %s was %s, retry after %s",
                        format(attempt.value()), target.point(), attempt.time(), remembered.attemptStatus(),
                        dispatch.retryAfter()));
            }
        }
        // the latest known value of the output: what we set (DONE) or what the device reports, whichever is newer
        Optional<Stamped> done = remembered == null ? Optional.empty() : remembered.done();
        Optional<Stamped> reading = target.known().map(k -> new Stamped(k.value(), k.time()));
        Optional<Stamped> reference = newer(done, reading);
        if (reference.isPresent() && Math.abs(value - reference.get().value()) <= deadband) {
            String source = reference == done ? "last set" : "reading";
            return Optional.of(String.format(Locale.ROOT, "within deadband ±%s of %s (%s at %s): nothing sent",
                    format(deadband), format(reference.get().value()), source, reference.get().time()));
        }
        return Optional.empty();
    }

    private static Optional<Stamped> newer(Optional<Stamped> a, Optional<Stamped> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return b.get().time().isAfter(a.get().time()) ? b : a;
    }

    private void remember(Inputs.Target target, double value, Instant time, String status, boolean done) {
        memory.compute(key(target), (k, old) -> {
            Optional<Stamped> lastDone = old == null ? Optional.empty() : old.done();
            Stamped stamped = new Stamped(value, time);
            return new Memory(done ? Optional.of(stamped) : lastDone, Optional.of(stamped), status);
        });
    }

    /** The command service never completes exceptionally by contract; a broken one must not stop the loop. */
    private CompletableFuture<CommandResult> safeSubmit(Command command) {
        try {
            return commands.submit(command).toCompletableFuture()
                    .exceptionally(e -> CommandResult.failed(command.requestId(), "command service failed: " + e));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(CommandResult.failed(command.requestId(),
                    "command service failed: " + e));
        }
    }

    private static void awaitResults(List<Sent> sent, ControlBinding.Dispatch dispatch) {
        if (sent.isEmpty()) {
            return;
        }
        CompletableFuture<?> all = CompletableFuture.allOf(sent.stream().map(Sent::result).toArray(CompletableFuture[]::new));
        try {
            all.get(dispatch.resultTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // reported as ACCEPTED; a late result updates the report and the memory when it comes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forgets what was sent (a new binding may point the outputs elsewhere). */
    void forget() {
        memory.clear();
    }

    private static String key(Inputs.Target target) {
        return target.output() + '\u0000' + target.device() + '\u0000' + target.point();
    }

    private static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    private static String format(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
