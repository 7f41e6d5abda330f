package io.heathub.billing.alarm.runtime;

import io.heathub.api.Reading;
import io.heathub.api.hub.ReadingSink;
import io.heathub.api.journal.JournalException;
import io.heathub.billing.alarm.Alarm;
import io.heathub.billing.alarm.AlarmBook;
import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.alarm.AlarmEvent;
import io.heathub.billing.alarm.AlarmEventType;
import io.heathub.billing.alarm.AlarmStatus;
import io.heathub.billing.alarm.Condition;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The hub's one alarm book and where its transitions go: every condition source (meter health, the
 * equipment rules, a feature holding conditions) observes through it, every transition becomes an
 * {@code alarm.<kind>} reading sent through core's {@link ReadingSink} ({@link AlarmReadings}), kept
 * and retried when the journal refuses them. With {@link AlarmRecords} the book survives a restart:
 * transitions are on the disk before they are forwarded, and the open alarms, their deadlines and
 * acknowledgements are put back at the start. Time never goes back (a wall-clock step back waits).
 * Thread-safe.
 */
final class AlarmDesk implements AlarmStatus {
    private static final System.Logger LOG = System.getLogger(AlarmDesk.class.getName());
    /** Alarm readings not yet accepted by the sink are kept up to this many, then the oldest go. */
    static final int MAX_PENDING = 10_000;

    private final ReadingSink sink;
    private final Clock clock;
    private final AlarmBook book = new AlarmBook(AlarmConfig.defaults());
    private final Object lock = new Object();
    // guarded by lock
    private final AlarmReadings alarmReadings = new AlarmReadings();
    private final List<Reading> pending = new ArrayList<>();
    private final Map<String, Map<String, Condition>> held = new HashMap<>();
    private Instant lastNow;
    /** Null: the book lives in memory only. */
    private final AlarmRecords records;

    AlarmDesk(ReadingSink sink, Clock clock) {
        this(sink, clock, null);
    }

    /** @param records where the book is kept across restarts (its open alarms are restored now); null for none */
    AlarmDesk(ReadingSink sink, Clock clock, AlarmRecords records) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastNow = clock.instant();
        this.records = records;
        if (records != null) {
            List<Alarm> kept = records.openAlarms();
            book.restore(kept, now());
            records.problems().forEach(p -> LOG.log(Level.WARNING, "Alarm book " + records.file() + ": " + p));
            if (!kept.isEmpty()) {
                LOG.log(Level.INFO, "Restored " + kept.size() + " open alarms from " + records.file() + " ("
                        + kept.stream().filter(Alarm::acknowledged).count() + " acknowledged)");
            }
        }
    }

    /** The settings in force (classes of alarms raised from now on). */
    AlarmConfig config() {
        return book.config();
    }

    /** New classes and response times for the alarms raised from now on. */
    void reconfigure(AlarmConfig config) {
        if (!config.equals(book.config())) {
            book.reconfigure(config);
        }
    }

    /**
     * A check's conditions observed now, together with every held one (so held alarms stay open past
     * {@code clearAfter}): new ones raise, known ones update, the rest clear after {@code clearAfter}.
     */
    void observe(Collection<Condition> conditions) {
        List<Reading> toSend;
        synchronized (lock) {
            List<Condition> all = new ArrayList<>(conditions);
            held.values().forEach(source -> all.addAll(source.values()));
            toSend = queue(book.observe(now(), all));
        }
        send(toSend);
    }

    @Override
    public void hold(String source, Collection<Condition> conditions) {
        List<Reading> toSend;
        synchronized (lock) {
            Map<String, Condition> now = new LinkedHashMap<>();
            conditions.forEach(c -> now.put(c.alarmId(), c));
            Map<String, Condition> before = held.getOrDefault(source, Map.of());
            Instant at = now();
            // new ones, and held ones last observed more than half the clear hold ago (so they never clear while held)
            Instant stale = at.minus(book.config().clearAfter().dividedBy(2));
            List<Condition> observed = now.values().stream().filter(c -> !before.containsKey(c.alarmId())
                    || book.find(c.alarmId()).map(a -> a.lastSeen().isBefore(stale)).orElse(true)).toList();
            List<String> gone = before.keySet().stream().filter(id -> !now.containsKey(id)).toList();
            if (now.isEmpty()) {
                held.remove(source);
            } else {
                held.put(source, now);
            }
            if (observed.isEmpty() && gone.isEmpty()) {
                return;
            }
            List<AlarmEvent> events = new ArrayList<>(book.clear(at, gone));
            events.addAll(book.observe(at, observed));
            toSend = queue(events);
        }
        send(toSend);
    }

    @Override
    public List<Alarm> open() {
        return book.open();
    }

    @Override
    public Alarm acknowledge(String alarmId, String operator) {
        List<Reading> toSend;
        Alarm result;
        synchronized (lock) {
            List<AlarmEvent> events = book.acknowledge(alarmId, operator, now());
            result = book.find(alarmId).orElseGet(() -> events.stream().map(AlarmEvent::alarm)
                    .filter(a -> a.id().equals(alarmId)).reduce((a, b) -> b).orElseThrow());
            toSend = queue(events);
        }
        send(toSend);
        return result;
    }

    @Override
    public Map<Integer, Integer> openCountByClass(Predicate<Alarm> filter) {
        return book.openCountByClass(filter);
    }

    private Instant now() {
        // the book refuses time going back; a wall-clock step back waits for the clock to catch up
        Instant t = clock.instant();
        lastNow = t.isAfter(lastNow) ? t : lastNow;
        return lastNow;
    }

    private List<Reading> queue(List<AlarmEvent> events) {
        for (AlarmEvent e : events) {
            Level level = e.type() == AlarmEventType.UPDATED ? Level.DEBUG : Level.WARNING;
            LOG.log(level, () -> "alarm " + e.alarm().id() + " " + e.type() + " (class " + e.alarm().faultClass() + ", due "
                    + e.alarm().dueBy() + "): " + e.alarm().evidence());
        }
        keep(events);
        pending.addAll(alarmReadings.of(events));
        if (pending.size() > MAX_PENDING) {
            int drop = pending.size() - MAX_PENDING;
            LOG.log(Level.ERROR, "The journal has not taken alarm readings for a while; dropping the oldest " + drop);
            pending.subList(0, drop).clear();
        }
        List<Reading> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    /** Under the lock, before the events are forwarded: a failing disk is logged, the alarms go on. */
    private void keep(List<AlarmEvent> events) {
        if (records == null || events.isEmpty()) {
            return;
        }
        try {
            records.write(events);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "Alarm book " + records.file() + " not written (" + e.getMessage()
                    + "): these alarm changes are forwarded but would not survive a restart");
        }
    }

    /** Outside the lock: the sink calls every reading listener on this thread. */
    private void send(List<Reading> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            sink.accept(batch);
        } catch (JournalException | RuntimeException e) {
            LOG.log(Level.ERROR, batch.size() + " alarm readings not accepted, retried at the next check: " + e.getMessage());
            synchronized (lock) {
                pending.addAll(0, batch);
            }
        }
    }
}
