package io.heathub.core.pipeline;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * The newest good reading of one counter, against which the next is judged, and the way back
 * when the reference itself was the wrong one. Not thread-safe: one per device point, used under
 * the validator's map.
 *
 * <p>A counter never runs backwards, so a reading below the reference (or, arriving late, above
 * a later one) contradicts it and is suspect. Usually the contradicting reading is the glitch and
 * the reference stays. But when the reference was the glitch (a spike, a reading of another meter,
 * a meter replaced and starting again from zero), every later reading would contradict it: so
 * after {@value #CONSISTENT} contradicting readings in a row that agree with each other (each
 * later in time and not below the one before) the reference is judged the outlier and replaced
 * by the newest of them, which is good again.
 */
final class CounterReference {
    /** Contradicting readings, consistent with each other, that overrule the reference. */
    static final int CONSISTENT = 3;

    private Instant time;
    private BigDecimal value;
    /** The newest of the contradicting readings seen in a row, and how many. */
    private Instant runTime;
    private BigDecimal runValue;
    private int runLength;
    private String overruled;

    /** What the judgement of one reading says: the reason it is suspect, or empty when good. */
    Optional<String> judge(Instant at, BigDecimal reading, String unit) {
        if (time == null) {
            take(at, reading);
            return Optional.empty();
        }
        String contradiction;
        if (!at.isBefore(time)) {
            if (reading.compareTo(value) >= 0) {
                take(at, reading);
                return Optional.empty();
            }
            contradiction = "counter went backwards from " + value.toPlainString() + " to " + reading.toPlainString()
                    + " " + unit;
        } else if (reading.compareTo(value) > 0) {
            contradiction = "counter at " + at + " (" + reading.toPlainString() + " " + unit + ") is above the later"
                    + " reading at " + time + " (" + value.toPlainString() + ")";
        } else {
            return Optional.empty(); // late and lower: backfill, consistent; the newest stays the reference
        }
        boolean continuesRun = runLength > 0 && at.isAfter(runTime) && reading.compareTo(runValue) >= 0;
        runLength = continuesRun ? runLength + 1 : 1;
        runTime = at;
        runValue = reading;
        if (runLength >= CONSISTENT) {
            overruled = "reference " + value.toPlainString() + " " + unit + " at " + time + " overruled by " + CONSISTENT
                    + " consistent readings since (now " + reading.toPlainString() + " at " + at + ")";
            take(at, reading);
            return Optional.empty();
        }
        return Optional.of(contradiction);
    }

    /** Why the reference was replaced by the last judgement, once; else empty. */
    Optional<String> takeOverruled() {
        Optional<String> said = Optional.ofNullable(overruled);
        overruled = null;
        return said;
    }

    private void take(Instant at, BigDecimal reading) {
        time = at;
        value = reading;
        runLength = 0;
        runTime = null;
        runValue = null;
    }
}
