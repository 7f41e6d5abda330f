package io.heathub.core.command;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.config.site.CommandPolicy;
import io.heathub.wire.CommandJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Every command the hub was asked for, by request id: the one place that decides whether a
 * command runs, and that knows how each ended. A request id already in the book is never run
 * again: a retry (from the same asker or another, over REST or MQTT, before or after a restart)
 * is answered with the known outcome, or, while the command is queued or running, with the same
 * stage. Commands always end: whatever is still open when the hub stops or reloads ends
 * {@code FAILED}, and a command the audit log shows {@code ACCEPTED} without an outcome (the hub
 * died before it ended) is closed {@code FAILED} when the book opens.
 *
 * <p>The book is rebuilt from the {@link CommandAudit} log, its only durable state: the outcomes
 * of the last {@link Retention#maxAge} (at most {@link Retention#maxCount} commands) and the
 * commands of the last minute, which still count for the rate limit. Thread-safe.
 */
public final class CommandBook implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CommandBook.class.getName());
    /** The outcome given to a command the audit shows accepted but never ended. */
    public static final String STOPPED_BEFORE_END = "unknown: the hub stopped before the command ended";

    /**
     * Which outcomes are kept to answer retries.
     *
     * @param maxAge   outcomes older than this are forgotten (a retry then runs again)
     * @param maxCount at most this many commands are kept, the oldest forgotten first
     */
    public record Retention(Duration maxAge, int maxCount) {
        /** 7 days, 100 000 commands. */
        public static final Retention DEFAULT = new Retention(Duration.ofDays(7), 100_000);
    }

    /**
     * What the book knows of one command.
     *
     * @param result its outcome, or {@code ACCEPTED} while it is queued or running
     * @param time   when the book last heard of it (the outcome's time once it ended)
     */
    public record Outcome(Command command, CommandResult result, Instant time) {
    }

    /** Where accepted commands go: the field (the bus of their device). */
    public interface Field {
        /** Why no command can run now (no site applied yet); such a refusal is not kept. */
        Optional<String> unavailable();

        /** Why this command has nowhere to go (an unknown device), or empty. */
        Optional<String> refusal(Command command);

        /** Queues the command on its device's bus; the stage always completes, never exceptionally. */
        CompletionStage<CommandResult> run(Command command);
    }

    private static final class Entry {
        final Command command;
        CommandResult result;
        Instant time;
        final CompletableFuture<CommandResult> stage;

        Entry(Command command, CommandResult result, Instant time, CompletableFuture<CommandResult> stage) {
            this.command = command;
            this.result = result;
            this.time = time;
            this.stage = stage;
        }

        boolean pending() {
            return result.status() == CommandResult.Status.ACCEPTED;
        }
    }

    private final CommandAudit audit;
    private final Retention retention;
    private final Clock clock;
    private final LongSupplier ticker;
    private final CommandGate gate = new CommandGate();
    /** By request id, oldest first (a map in insertion order; an entry keeps its place when it ends). */
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private CommandBook(CommandAudit audit, Retention retention, Clock clock, LongSupplier ticker) {
        this.audit = audit;
        this.retention = retention;
        this.clock = clock;
        this.ticker = ticker;
    }

    /**
     * Opens the audit log at {@code file} and rebuilds the book from it; commands it shows
     * accepted without an outcome are closed {@code FAILED} ({@value #STOPPED_BEFORE_END}).
     *
     * @throws IOException when the audit log cannot be opened: no command may run without it
     */
    public static CommandBook open(Path file, CommandAudit.Retention auditRetention, Retention retention, Clock clock,
                                   LongSupplier ticker) throws IOException {
        Instant now = clock.instant();
        List<String> problems = new ArrayList<>();
        List<CommandAudit.Entry> history = CommandAudit.history(file, now.minus(retention.maxAge()), problems::add);
        problems.forEach(p -> LOG.log(WARNING, "command audit log: skipped a line that does not parse (a hub that"
                + " stopped mid-write leaves its last line torn): {0}", p));
        CommandBook book = new CommandBook(new CommandAudit(file, auditRetention, clock), retention, clock, ticker);
        book.rebuild(history, now);
        return book;
    }

    private synchronized void rebuild(List<CommandAudit.Entry> history, Instant now) {
        long tick = ticker.getAsLong();
        Instant oldest = now.minus(retention.maxAge());
        for (CommandAudit.Entry line : history) {
            if (line.time().isBefore(oldest)) {
                continue; // forgotten: the id may have been used again since
            }
            Entry known = entries.get(line.command().requestId());
            if (!line.kept() || (known != null && !known.pending())) {
                continue; // an answer only, or a later line of a command that had ended: the outcome stands
            }
            Command command = known == null ? line.command() : known.command;
            entries.remove(command.requestId());
            entries.put(command.requestId(), new Entry(command, line.result(), line.time(), null));
            Duration ago = Duration.between(line.time(), now);
            if (line.result().status() == CommandResult.Status.ACCEPTED && !ago.isNegative()
                    && ago.toNanos() < CommandGate.WINDOW) {
                gate.restore(command.device(), tick - ago.toNanos());
            }
        }
        int dangling = 0;
        for (Entry e : entries.values()) {
            if (e.pending()) {
                e.result = CommandResult.failed(e.command.requestId(), STOPPED_BEFORE_END);
                e.time = now;
                audit.record(e.command, e.result, now);
                dangling++;
            }
        }
        forgetOld(now);
        LOG.log(INFO, "command book: {0} commands known from the audit log{1}", entries.size(),
                dangling == 0 ? "" : ", " + dangling + " accepted without an outcome closed FAILED (" + STOPPED_BEFORE_END
                        + ")");
    }

    /**
     * Decides what becomes of {@code command}: answered from the book when its request id is
     * known, refused with the reason, or accepted (audited, synced) and run in the field.
     */
    public CompletionStage<CommandResult> submit(Command command, CommandPolicy policy, Field field) {
        Optional<String> malformed = CommandJson.problem(command);
        if (malformed.isPresent()) {
            return refuse(command, malformed.get(), false);
        }
        CompletableFuture<CommandResult> accepted;
        synchronized (this) {
            Entry known = entries.get(command.requestId());
            if (known != null) {
                return answerKnown(known, command);
            }
            Optional<String> unavailable = field.unavailable();
            if (unavailable.isPresent()) {
                return refuse(command, unavailable.get(), false);
            }
            Optional<String> refusal = field.refusal(command).or(() -> gate.check(command, policy, ticker.getAsLong()));
            if (refusal.isPresent()) {
                return refuse(command, refusal.get(), true);
            }
            Instant now = clock.instant();
            CommandResult queued = new CommandResult(command.requestId(), CommandResult.Status.ACCEPTED,
                    "queued on the bus of " + command.device() + " since " + now, Optional.empty());
            if (!audit.record(command, new CommandResult(command.requestId(), CommandResult.Status.ACCEPTED, "",
                    Optional.empty()), now)) {
                // Never run what the hub might forget it ran.
                return refuse(command, "the command audit log cannot be written; see the hub log", true);
            }
            accepted = new CompletableFuture<>();
            remember(new Entry(command, queued, now, accepted));
        }
        CompletionStage<CommandResult> outcome;
        try {
            outcome = field.run(command);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.completedFuture(CommandResult.failed(command.requestId(), "hub error: " + e));
        }
        outcome.whenComplete((result, error) -> end(command, result != null ? result
                : CommandResult.failed(command.requestId(), "hub error: " + error)));
        return accepted;
    }

    private CompletionStage<CommandResult> answerKnown(Entry known, Command command) {
        Command first = known.command;
        if (!first.device().equals(command.device()) || !first.point().equals(command.point())
                || first.value().compareTo(command.value()) != 0) {
            return refuse(command, "requestId " + command.requestId() + " was used for another command ("
                    + first.device() + " " + first.point() + "=" + first.value().toPlainString() + " from "
                    + first.requestedBy() + " at " + known.time + "); use a new requestId", false);
        }
        LOG.log(INFO, "command {0} from {1}: request id known ({2}); answered with its {3}", command.requestId(),
                command.requestedBy(), known.result.status(), known.pending() ? "outcome when it ends" : "outcome");
        return known.pending() ? known.stage : CompletableFuture.completedFuture(known.result);
    }

    /** A refusal, audited; {@code keep}: kept in the book, so a retry is answered the same. */
    private synchronized CompletionStage<CommandResult> refuse(Command command, String reason, boolean keep) {
        CommandResult refused = CommandResult.refused(command.requestId(), reason);
        Instant now = clock.instant();
        audit.record(command, refused, now, keep);
        if (keep) {
            remember(new Entry(command, refused, now, null));
        }
        LOG.log(INFO, "command {0} refused: {1}", describe(command), reason);
        return CompletableFuture.completedFuture(refused);
    }

    /** The command for a log line, each field bounded (a refused one may carry anything). */
    private static String describe(Command c) {
        String text = c.requestId() + " from " + c.requestedBy() + " for " + c.device() + " " + c.point() + "="
                + c.value();
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /** A command's outcome: audited (synced), kept, and given to whoever waits. First outcome wins. */
    private void end(Command command, CommandResult result) {
        CompletableFuture<CommandResult> stage;
        synchronized (this) {
            Entry e = entries.get(command.requestId());
            if (e == null || !e.pending() || e.command != command) {
                return;
            }
            Instant now = clock.instant();
            e.result = result;
            e.time = now;
            audit.record(command, result, now);
            stage = e.stage;
        }
        LOG.log(INFO, "command {0} from {1} for {2} {3}={4}: {5} {6}", command.requestId(), command.requestedBy(),
                command.device(), command.point(), command.value().toPlainString(), result.status(), result.message());
        stage.complete(result);
    }

    /** What the book knows of {@code requestId}: its outcome, ACCEPTED while pending; empty when unknown. */
    public synchronized Optional<Outcome> outcome(String requestId) {
        Entry e = entries.get(requestId);
        return e == null ? Optional.empty() : Optional.of(new Outcome(e.command, e.result, e.time));
    }

    /** Ends every command still queued or running FAILED with {@code why} (the hub reloads or stops). */
    public void endPending(String why) {
        List<Command> open;
        synchronized (this) {
            open = entries.values().stream().filter(Entry::pending).map(e -> e.command).toList();
        }
        open.forEach(c -> end(c, CommandResult.failed(c.requestId(), why)));
    }

    private void remember(Entry entry) {
        entries.put(entry.command.requestId(), entry);
        forgetOld(entry.time);
    }

    /** Forgets the oldest ended commands beyond the count and the age; open ones stay. */
    private void forgetOld(Instant now) {
        Instant oldest = now.minus(retention.maxAge());
        int excess = entries.size() - retention.maxCount();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            boolean tooOld = e.time.isBefore(oldest);
            if (!tooOld && excess <= 0) {
                break;
            }
            if (!e.pending()) {
                it.remove();
                excess--;
            }
        }
    }

    /** Ends what is still open ({@code why}) and closes the audit log. */
    public void close(String why) {
        endPending(why);
        audit.close();
    }

    @Override
    public void close() {
        close("hub stopping or reloading before the command ended");
    }
}
