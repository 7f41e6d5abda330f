package io.heathub.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One canonical measurement. Its identity for exactly-once delivery is
 * {@code (device, point, time)}: see {@link #key()}.
 *
 * @param device  the device id from the site configuration, e.g. {@code "plc-1"}
 * @param point   the point name from the fixed vocabulary ({@link Points}), e.g. {@code "temp.supply"}
 * @param value   the value in {@code unit}; exact decimals for BCD counters
 * @param unit    a canonical unit
 * @param time    when the value was measured (the device clock if it has one, else the poll time), UTC
 * @param quality how far the value can be trusted
 * @param reason  why the quality is not {@link Quality#GOOD}; empty when it is
 */
public record Reading(String device, String point, BigDecimal value, Unit unit, Instant time,
                      Quality quality, String reason) {

    public Reading {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(quality, "quality");
        reason = reason == null ? "" : reason;
    }

    /** A good reading. */
    public static Reading good(String device, String point, BigDecimal value, Unit unit, Instant time) {
        return new Reading(device, point, value, unit, time, Quality.GOOD, "");
    }

    /** The same reading with another quality; a reason already given is kept after the new one. */
    public Reading withQuality(Quality newQuality, String newReason) {
        String joined = reason.isEmpty() ? newReason : newReason + "; " + reason;
        return new Reading(device, point, value, unit, time, newQuality, joined);
    }

    /** The identity used to drop duplicates downstream: {@code device/point/epochMillis}. */
    public String key() {
        return device + '/' + point + '/' + time.toEpochMilli();
    }
}
