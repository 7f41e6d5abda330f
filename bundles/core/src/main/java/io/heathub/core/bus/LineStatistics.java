package io.heathub.core.bus;

import io.heathub.api.Points;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.hub.BusStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a line did: requests, failures by kind, bytes, busy time and how late polls started against
 * their schedule. Written by the bus worker's thread (and the counting link it owns); read by status
 * snapshots from any thread.
 */
final class LineStatistics {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    final AtomicLong checksumErrors = new AtomicLong();
    final AtomicLong otherErrors = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();

    private volatile double lastUtilisation;
    private volatile double lastLatenessMeanMillis;
    private volatile double lastLatenessMaxMillis;
    // Lateness of the polls started in the current interval (worker thread only).
    private long latePollsInInterval;
    private long latenessSumNanos;
    private long latenessMaxNanos;
    // Totals at the start of the current publication interval (worker thread only); the interval
    // is timed on the worker's monotonic ticker, so a wall-clock jump does not bend it.
    private long intervalStart;
    private long requestsAtStart;
    private long timeoutsAtStart;
    private long checksumAtStart;
    private long otherAtStart;
    private long busyAtStart;

    LineStatistics(long start) {
        this.intervalStart = start;
    }

    void busy(long nanos) {
        busyNanos.addAndGet(nanos);
    }

    /** Counts a failed poll or command by what went wrong; timeouts are counted by the link. */
    void failed(DeviceException.Kind kind) {
        switch (kind) {
            case TIMEOUT -> { } // the counting link saw it already
            case CHECKSUM -> checksumErrors.incrementAndGet();
            case CONFIG -> { } // not the line's fault
            default -> otherErrors.incrementAndGet();
        }
    }

    /**
     * A poll starts {@code latenessNanos} after its slot on the device's schedule: a line that
     * keeps its schedule shows no more than an exchange or two; one that cannot shows whole
     * intervals.
     */
    void pollStarted(long latenessNanos) {
        long late = Math.max(0, latenessNanos);
        latePollsInInterval++;
        latenessSumNanos += late;
        latenessMaxNanos = Math.max(latenessMaxNanos, late);
    }

    boolean due(long now, Duration interval) {
        return !interval.isZero() && now - intervalStart >= interval.toNanos();
    }

    /**
     * The interval's figures as readings of device {@code bus:<id>}, and a new interval begins.
     * Counts are per interval so that a restart never looks like a counter going backwards.
     */
    List<Reading> closeInterval(String busId, long nowTicks, Instant now) {
        long elapsed = Math.max(1, nowTicks - intervalStart);
        long busy = busyNanos.get();
        double utilisation = Math.min(100.0, 100.0 * (busy - busyAtStart) / elapsed);
        lastUtilisation = utilisation;
        lastLatenessMeanMillis = latePollsInInterval == 0 ? 0 : latenessSumNanos / 1e6 / latePollsInInterval;
        lastLatenessMaxMillis = latenessMaxNanos / 1e6;
        latePollsInInterval = 0;
        latenessSumNanos = 0;
        latenessMaxNanos = 0;
        String device = "bus:" + busId;
        List<Reading> readings = List.of(
                count(device, Points.BUS_REQUESTS, requests.get() - requestsAtStart, now),
                count(device, Points.BUS_TIMEOUTS, timeouts.get() - timeoutsAtStart, now),
                count(device, Points.BUS_CHECKSUM_ERRORS, checksumErrors.get() - checksumAtStart, now),
                count(device, Points.BUS_OTHER_ERRORS, otherErrors.get() - otherAtStart, now),
                Reading.good(device, Points.BUS_UTILISATION,
                        BigDecimal.valueOf(utilisation).setScale(1, RoundingMode.HALF_UP), Unit.PERCENT, now));
        intervalStart = nowTicks;
        requestsAtStart = requests.get();
        timeoutsAtStart = timeouts.get();
        checksumAtStart = checksumErrors.get();
        otherAtStart = otherErrors.get();
        busyAtStart = busy;
        return readings;
    }

    private static Reading count(String device, String point, long value, Instant now) {
        return Reading.good(device, point, BigDecimal.valueOf(value), Unit.NONE, now);
    }

    BusStatus snapshot(String busId, String uri) {
        return new BusStatus(busId, uri, requests.get(), timeouts.get(), checksumErrors.get(), otherErrors.get(),
                bytesSent.get(), bytesReceived.get(), lastUtilisation, lastLatenessMeanMillis, lastLatenessMaxMillis);
    }
}
