package io.heathub.billing.alarm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The open alarms of one hub, driven by the caller's clock (every call takes {@code now}; time
 * never goes back). Each call returns the transitions it caused, in order, so they can be forwarded
 * on every uplink. Holds no history: a cleared alarm leaves the book (its CLEARED event carries the
 * last state). Thread-safe.
 *
 * <p>Per call, first time advances (clears and overdue marks as of {@code now}), then the
 * conditions observed now raise or update alarms. So a condition not observed for the hold time
 * clears even if it shows up again in the same call, which then raises it anew.
 */
public final class AlarmBook {
    private AlarmConfig config;
    private final Map<String, Alarm> open = new TreeMap<>();
    private Instant now = Instant.MIN;

    public AlarmBook(AlarmConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The settings in force. */
    public synchronized AlarmConfig config() {
        return config;
    }

    /**
     * New settings (an edited {@code alarms:} section) from the next call on: alarms raised from
     * then are classed and due by them and {@code clearAfter} applies to every alarm; open alarms
     * keep the class and due time they were raised with.
     */
    public synchronized void reconfigure(AlarmConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Conditions observed at {@code now}: a new one raises an alarm, a known one updates it
     * (count + 1, last seen, evidence). Conditions with the same id in one call count once (the
     * last one's evidence wins).
     */
    public synchronized List<AlarmEvent> observe(Instant now, Collection<Condition> conditions) {
        List<AlarmEvent> events = new ArrayList<>(advanceTo(now));
        Map<String, Condition> byId = new LinkedHashMap<>();
        for (Condition c : conditions) {
            byId.remove(c.alarmId());
            byId.put(c.alarmId(), c);
        }
        for (Condition c : byId.values()) {
            Alarm current = open.get(c.alarmId());
            Alarm next;
            AlarmEventType type;
            if (current == null) {
                int faultClass = config.classOf(c.kind());
                next = new Alarm(c.alarmId(), c.kind(), c.subject(), faultClass, c.evidence(), 1, now, now,
                        now.plus(config.responseTime(faultClass)), false, null, null, null);
                type = AlarmEventType.RAISED;
            } else {
                next = new Alarm(current.id(), current.kind(), current.subject(), current.faultClass(), c.evidence(),
                        current.count() + 1, current.raisedAt(), now, current.dueBy(), current.overdue(),
                        current.acknowledgedAt(), current.acknowledgedBy(), null);
                type = AlarmEventType.UPDATED;
            }
            open.put(next.id(), next);
            events.add(new AlarmEvent(type, now, next));
        }
        return events;
    }

    /**
     * Conditions known to be over at {@code now} (a rule's value back to normal): their open alarms
     * clear at once instead of {@code clearAfter} later. Time advances first. Ids not open are skipped.
     */
    public synchronized List<AlarmEvent> clear(Instant now, Collection<String> alarmIds) {
        List<AlarmEvent> events = new ArrayList<>(advanceTo(now));
        for (String id : alarmIds) {
            Alarm a = open.remove(id);
            if (a != null) {
                Alarm cleared = new Alarm(a.id(), a.kind(), a.subject(), a.faultClass(), a.evidence(), a.count(),
                        a.raisedAt(), a.lastSeen(), a.dueBy(), a.overdue(), a.acknowledgedAt(), a.acknowledgedBy(), now);
                events.add(new AlarmEvent(AlarmEventType.CLEARED, now, cleared));
            }
        }
        return events;
    }

    /** Time passes without observations: clears and overdue marks as of {@code now}. */
    public synchronized List<AlarmEvent> advance(Instant now) {
        return advanceTo(now);
    }

    /**
     * An operator acknowledges an open alarm at {@code now}. Time advances first; if that clears
     * the alarm, only the clear is returned. Acknowledging an acknowledged alarm changes nothing.
     *
     * @throws IllegalArgumentException when no alarm with that id is open (nothing changes then)
     */
    public synchronized List<AlarmEvent> acknowledge(String alarmId, String operator, Instant now) {
        Objects.requireNonNull(operator, "operator");
        if (!open.containsKey(alarmId)) {
            throw new IllegalArgumentException("no open alarm " + alarmId);
        }
        checkTime(now);
        List<AlarmEvent> events = new ArrayList<>(advanceTo(now));
        Alarm current = open.get(alarmId);
        if (current != null && !current.acknowledged()) {
            Alarm next = new Alarm(current.id(), current.kind(), current.subject(), current.faultClass(),
                    current.evidence(), current.count(), current.raisedAt(), current.lastSeen(), current.dueBy(),
                    current.overdue(), now, operator, null);
            open.put(alarmId, next);
            events.add(new AlarmEvent(AlarmEventType.ACKNOWLEDGED, now, next));
        }
        return events;
    }

    /**
     * Puts back the open alarms a previous run kept (their class, raise time, due time, overdue
     * flag and acknowledgement stay), as seen at {@code now}: an alarm clears {@code clearAfter}
     * after the restart unless its condition is observed again, and an acknowledged one that is
     * observed again stays acknowledged. Returns no events: their transitions were sent before.
     * Alarms already open and cleared ones are skipped.
     */
    public synchronized void restore(Collection<Alarm> alarms, Instant now) {
        checkTime(now);
        this.now = now;
        for (Alarm a : alarms) {
            if (a.open() && !open.containsKey(a.id())) {
                Instant seen = a.lastSeen().isAfter(now) ? a.lastSeen() : now;
                open.put(a.id(), new Alarm(a.id(), a.kind(), a.subject(), a.faultClass(), a.evidence(), a.count(),
                        a.raisedAt(), seen, a.dueBy(), a.overdue(), a.acknowledgedAt(), a.acknowledgedBy(), null));
            }
        }
    }

    /** The open alarms, by id. */
    public synchronized List<Alarm> open() {
        return List.copyOf(open.values());
    }

    public synchronized Optional<Alarm> find(String alarmId) {
        return Optional.ofNullable(open.get(alarmId));
    }

    /** Open alarms passing {@code filter}, counted per configured fault class (every class listed, ascending). */
    public synchronized Map<Integer, Integer> openCountByClass(Predicate<Alarm> filter) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int faultClass : config.classes()) {
            counts.put(faultClass, 0);
        }
        for (Alarm a : open.values()) {
            if (filter.test(a)) {
                counts.merge(a.faultClass(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private List<AlarmEvent> advanceTo(Instant now) {
        checkTime(now);
        this.now = now;
        List<AlarmEvent> events = new ArrayList<>();
        for (Alarm a : List.copyOf(open.values())) {
            Instant clearsAt = a.lastSeen().plus(config.clearAfter());
            // overdue when still open at its due instant: not acknowledged, and due before the clear
            if (!a.overdue() && !a.acknowledged() && !a.dueBy().isAfter(now) && a.dueBy().isBefore(clearsAt)) {
                a = new Alarm(a.id(), a.kind(), a.subject(), a.faultClass(), a.evidence(), a.count(), a.raisedAt(),
                        a.lastSeen(), a.dueBy(), true, null, null, null);
                open.put(a.id(), a);
                events.add(new AlarmEvent(AlarmEventType.OVERDUE, now, a));
            }
            if (!clearsAt.isAfter(now)) {
                Alarm cleared = new Alarm(a.id(), a.kind(), a.subject(), a.faultClass(), a.evidence(), a.count(),
                        a.raisedAt(), a.lastSeen(), a.dueBy(), a.overdue(), a.acknowledgedAt(), a.acknowledgedBy(), now);
                open.remove(a.id());
                events.add(new AlarmEvent(AlarmEventType.CLEARED, now, cleared));
            }
        }
        return events;
    }

    private void checkTime(Instant now) {
        Objects.requireNonNull(now, "now");
        if (now.isBefore(this.now)) {
            throw new IllegalArgumentException("time went back: " + now + " after " + this.now);
        }
    }
}
