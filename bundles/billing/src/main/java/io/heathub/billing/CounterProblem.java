package io.heathub.billing;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A good {@code heat.energy} reading that cannot be used for cuts: the counter went backwards
 * against an earlier good reading, or a second, different value came for the same instant. The
 * reading is left out of the cuts and reported.
 *
 * @param meter        the meter's device id
 * @param at           the rejected reading's time
 * @param kWh          the rejected reading's value
 * @param earlierAt    the time of the earlier good reading it contradicts
 * @param earlierKWh   that reading's value
 */
public record CounterProblem(String meter, Instant at, BigDecimal kWh, Instant earlierAt, BigDecimal earlierKWh) {

    /** One line for an operator. */
    public String describe() {
        String what = at.equals(earlierAt) ? "second, different heat.energy value" : "heat.energy went backwards";
        return "meter " + meter + ": " + what + ": " + kWh.toPlainString() + " kWh at " + at + " after "
                + earlierKWh.toPlainString() + " kWh at " + earlierAt + " (reading left out of the cuts)";
    }
}
