package io.heathub.billing.supervision;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The heat-use-rate (用热率) conditions of the room-temperature obligation (Zibo 2022, after the Shandong
 * heating regulations' art. 21): in a built community whose total heat-use rate is at least
 * {@code communityFromPercent} (30 %, inclusive), a unit heating zone (here: a building) with a heat-use
 * rate of at least {@code statutoryFromPercent} (70 %, inclusive) must have its bedrooms and living rooms
 * at ≥ 18 °C (the statutory minimum); from {@code agreedFromPercent} (30 %, inclusive) up to 70 % the
 * temperature agreed in the supply contract applies; below 30 % the company decides whether to heat at
 * all and, if it does, the agreed temperature applies. A community below 30 % is outside these conditions:
 * the agreed temperature applies too. The agreed temperature is {@code agreedMinimumC}; without it a
 * building under an agreement is not judged (the hub does not know the contract).
 *
 * @param communityPercent     the community's total heat-use rate, %; empty = the rule is off (every building statutory)
 * @param buildingPercent      each building's (unit heating zone's) heat-use rate, %; a building not listed is statutory
 * @param agreedMinimumC       the contract's room temperature, °C; empty = buildings under an agreement are not judged
 * @param communityFromPercent the community's rate from which the conditions apply (inclusive)
 * @param statutoryFromPercent a building's rate from which the statutory minimum applies (inclusive)
 * @param agreedFromPercent    a building's rate from which the agreed temperature is owed (below: the company decides)
 */
public record HeatUseRule(Optional<BigDecimal> communityPercent, Map<String, BigDecimal> buildingPercent,
                          Optional<BigDecimal> agreedMinimumC, BigDecimal communityFromPercent,
                          BigDecimal statutoryFromPercent, BigDecimal agreedFromPercent) {

    private static final BigDecimal HUNDRED = new BigDecimal("100");
    private static final List<String> KEYS = List.of("communityPercent", "buildings", "agreedMinimumC",
            "communityFromPercent", "statutoryFromPercent", "agreedFromPercent");

    /** What a building owes, and why. */
    public enum Basis {
        /** No rates configured, or the building has none: the statutory minimum. */
        STATUTORY_BY_DEFAULT,
        /** Community ≥ 30 % and building ≥ 70 %: the statutory minimum. */
        STATUTORY,
        /** Community ≥ 30 % and building 30–70 %: the temperature of the agreement. */
        AGREED,
        /** Community ≥ 30 % and building < 30 %: the company decides whether to heat; if it does, as agreed. */
        COMPANY_DECIDES,
        /** Community < 30 %: outside the regulation's conditions; as agreed. */
        OUTSIDE_CONDITIONS
    }

    /**
     * A building's obligation.
     *
     * @param basis    which branch of the rule applies
     * @param minimumC the room temperature to judge against; empty = not judged (agreed, no agreed temperature given)
     * @param reason   the rule's branch with the rates, for logs and evidence
     */
    public record Obligation(Basis basis, Optional<BigDecimal> minimumC, String reason) {
        public Obligation {
            Objects.requireNonNull(basis, "basis");
            Objects.requireNonNull(minimumC, "minimumC");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public HeatUseRule {
        Objects.requireNonNull(communityPercent, "communityPercent");
        Objects.requireNonNull(agreedMinimumC, "agreedMinimumC");
        buildingPercent = Map.copyOf(buildingPercent);
        communityPercent.ifPresent(p -> percent("communityPercent", p));
        buildingPercent.forEach((b, p) -> percent("building " + b, p));
        percent("communityFromPercent", communityFromPercent);
        percent("statutoryFromPercent", statutoryFromPercent);
        percent("agreedFromPercent", agreedFromPercent);
        if (agreedFromPercent.compareTo(statutoryFromPercent) > 0) {
            throw new IllegalArgumentException("agreedFromPercent (" + agreedFromPercent
                    + ") must not exceed statutoryFromPercent (" + statutoryFromPercent + ")");
        }
        if (communityPercent.isEmpty() && !buildingPercent.isEmpty()) {
            throw new IllegalArgumentException("buildings' heat-use rates need the community's (communityPercent)");
        }
    }

    /** No rates: every building owes the statutory minimum (the feed's behaviour before the rule). */
    public static HeatUseRule none() {
        return new HeatUseRule(Optional.empty(), Map.of(), Optional.empty(), new BigDecimal("30"), new BigDecimal("70"),
                new BigDecimal("30"));
    }

    /** The obligation of {@code building} ({@code ""}: households without one) under a statutory minimum of {@code statutoryC}. */
    public Obligation obligation(String building, BigDecimal statutoryC) {
        if (communityPercent.isEmpty()) {
            return new Obligation(Basis.STATUTORY_BY_DEFAULT, Optional.of(statutoryC), "no heat-use rates configured");
        }
        BigDecimal community = communityPercent.get();
        BigDecimal rate = buildingPercent.get(building);
        String name = building.isEmpty() ? "households without a building" : "building " + building;
        if (community.compareTo(communityFromPercent) < 0) {
            return agreed(Basis.OUTSIDE_CONDITIONS, "community heat-use rate " + community.toPlainString() + " % below "
                    + communityFromPercent.toPlainString() + " %: outside the regulation's conditions");
        }
        if (rate == null) {
            return new Obligation(Basis.STATUTORY_BY_DEFAULT, Optional.of(statutoryC), "no heat-use rate for " + name
                    + ": the statutory minimum");
        }
        String rates = "community " + community.toPlainString() + " %, " + name + " " + rate.toPlainString() + " %";
        if (rate.compareTo(statutoryFromPercent) >= 0) {
            return new Obligation(Basis.STATUTORY, Optional.of(statutoryC), rates + " (≥ "
                    + statutoryFromPercent.toPlainString() + " %): the statutory minimum");
        }
        if (rate.compareTo(agreedFromPercent) >= 0) {
            return agreed(Basis.AGREED, rates + " (" + agreedFromPercent.toPlainString() + "–"
                    + statutoryFromPercent.toPlainString() + " %): the agreed temperature");
        }
        return agreed(Basis.COMPANY_DECIDES, rates + " (below " + agreedFromPercent.toPlainString()
                + " %): the company decides whether to heat; if it does, the agreed temperature");
    }

    private Obligation agreed(Basis basis, String reason) {
        return new Obligation(basis, agreedMinimumC, agreedMinimumC.isPresent()
                ? reason + " " + agreedMinimumC.get().toPlainString() + " °C"
                : reason + ", none given (agreedMinimumC): not judged");
    }

    /**
     * Reads {@code heatUseRate:}; absent keys keep Zibo's thresholds (30 / 70 / 30 %).
     *
     * <pre>
     * communityPercent: 85
     * buildings: { b-1: 92, b-2: 55 }
     * agreedMinimumC: 16
     * communityFromPercent: 30
     * statutoryFromPercent: 70
     * agreedFromPercent: 30
     * </pre>
     */
    public static HeatUseRule read(ConfigNode node) throws ConfigException {
        if (!node.isMap()) {
            throw node.error("expected a mapping of heat-use rates (communityPercent, buildings, agreedMinimumC)");
        }
        node.rejectUnknownKeys(KEYS);
        HeatUseRule d = none();
        Optional<BigDecimal> community = node.has("communityPercent")
                ? Optional.of(percent(node.get("communityPercent"))) : Optional.empty();
        Map<String, BigDecimal> buildings = new LinkedHashMap<>();
        if (node.has("buildings")) {
            ConfigNode map = node.get("buildings");
            if (!map.isMap()) {
                throw map.error("expected a mapping of building id: heat-use rate %");
            }
            for (String building : map.keys()) {
                buildings.put(building, percent(map.get(building)));
            }
            if (community.isEmpty()) {
                throw map.error("buildings' heat-use rates need the community's: add communityPercent");
            }
        }
        Optional<BigDecimal> agreed = node.has("agreedMinimumC")
                ? Optional.of(node.get("agreedMinimumC").asDecimal()) : Optional.empty();
        if (agreed.isPresent() && (agreed.get().signum() < 0 || agreed.get().compareTo(new BigDecimal("30")) > 0)) {
            throw node.get("agreedMinimumC").error("expected a room temperature within 0–30 °C, got " + agreed.get().toPlainString());
        }
        BigDecimal communityFrom = node.has("communityFromPercent") ? percent(node.get("communityFromPercent")) : d.communityFromPercent();
        BigDecimal statutoryFrom = node.has("statutoryFromPercent") ? percent(node.get("statutoryFromPercent")) : d.statutoryFromPercent();
        BigDecimal agreedFrom = node.has("agreedFromPercent") ? percent(node.get("agreedFromPercent")) : d.agreedFromPercent();
        if (agreedFrom.compareTo(statutoryFrom) > 0) {
            throw node.error("agreedFromPercent (" + agreedFrom.toPlainString() + ") must not exceed statutoryFromPercent ("
                    + statutoryFrom.toPlainString() + ")");
        }
        return new HeatUseRule(community, buildings, agreed, communityFrom, statutoryFrom, agreedFrom);
    }

    private static BigDecimal percent(ConfigNode node) throws ConfigException {
        BigDecimal value = node.asDecimal();
        if (value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
            throw node.error("expected a percentage within 0–100, got " + value.toPlainString());
        }
        return value;
    }

    private static void percent(String what, BigDecimal value) {
        Objects.requireNonNull(value, what);
        if (value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
            throw new IllegalArgumentException(what + " must be within 0–100 %, got " + value.toPlainString());
        }
    }
}
