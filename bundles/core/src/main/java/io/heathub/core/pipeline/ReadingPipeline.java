package io.heathub.core.pipeline;

import io.heathub.api.Reading;
import io.heathub.api.hub.ReadingListener;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Field readings → validation → durable journal → listeners. A batch is acknowledged (and
 * becomes "latest" and visible to listeners) only once the journal has stored it.
 */
public final class ReadingPipeline {
    private static final System.Logger LOG = System.getLogger(ReadingPipeline.class.getName());
    private static final Comparator<Reading> BY_DEVICE_POINT =
            Comparator.comparing(Reading::device).thenComparing(Reading::point);

    private final Journal journal;
    private final Validator validator = new Validator();
    private final Map<String, Reading> latest = new ConcurrentHashMap<>();
    private final List<ReadingListener> listeners = new CopyOnWriteArrayList<>();

    public ReadingPipeline(Journal journal) {
        this.journal = journal;
    }

    /**
     * Validates and stores one device's poll.
     *
     * @return the readings as stored (with their quality)
     * @throws JournalException when the journal refused them: they are not accepted
     */
    public List<Reading> accept(List<Reading> batch) throws JournalException {
        if (batch.isEmpty()) {
            return batch;
        }
        List<Reading> checked = validator.validate(batch);
        journal.append(checked);
        for (Reading r : checked) {
            latest.merge(r.device() + '\u0000' + r.point(), r,
                    (old, neu) -> neu.time().isBefore(old.time()) ? old : neu);
        }
        for (ReadingListener l : listeners) {
            try {
                l.accepted(checked);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "reading listener " + l.getClass().getName() + " failed", e);
            }
        }
        return checked;
    }

    /** Latest reading per device point, sorted. */
    public List<Reading> latest() {
        return latest.values().stream().sorted(BY_DEVICE_POINT).toList();
    }

    /** Forgets the latest values of a device (it was removed from the site). */
    public void forget(String deviceId) {
        latest.keySet().removeIf(k -> k.startsWith(deviceId + '\u0000'));
    }

    /** Tells {@code l} of every batch accepted from now on, until the returned handle is closed. */
    public AutoCloseable subscribe(ReadingListener l) {
        listeners.add(l);
        return () -> listeners.remove(l);
    }
}
