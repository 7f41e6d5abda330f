package io.heathub.billing.settlement;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.billing.Household;
import io.heathub.billing.records.Interruption;
import io.heathub.billing.records.RefundExclusion;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a household-day is for cold-room refunds besides its temperature: a day a recorded heat
 * interruption left without heat (the company's: refunded in full), or a day that is the household's
 * own doing (not refunded) — known from a recorded refund exclusion, an open alarm of a configured
 * kind on its meter or room sensor, or a configured state reading of them ({@link RefundRules}).
 * An interruption wins over an exclusion: with the heat stopped, the household's installation did not
 * make the room cold.
 */
public final class RefundDays {
    /** No interruption, no exclusion. */
    public static final RefundDays NONE = new RefundDays(RefundRules.defaults(), List.of(), List.of(), List.of(),
            ZoneId.of("UTC"));

    /** What a day is. */
    public enum Kind { INTERRUPTED, EXCLUDED }

    /**
     * @param kind interrupted or excluded
     * @param why  the record or reading that says so, e.g. {@code interruption i-000003 (planned, main valve)}
     */
    public record Day(Kind kind, String why) {
    }

    private final RefundRules rules;
    private final List<RefundExclusion> exclusions;
    private final List<Interruption> interruptions;
    private final ZoneId zone;
    /** device → local day → what its readings say about it. */
    private final Map<String, Map<LocalDate, String>> deviceDays;

    /**
     * @param readings the households' meters' and room sensors' readings of the configured alarm and state
     *                 points (others are ignored)
     */
    public RefundDays(RefundRules rules, List<RefundExclusion> exclusions, List<Interruption> interruptions,
                      List<Reading> readings, ZoneId zone) {
        this(rules, exclusions, interruptions, zone);
        readings.forEach(this::note);
    }

    /** Without readings yet: {@link #note} each as it is read (a streamed settlement). */
    RefundDays(RefundRules rules, List<RefundExclusion> exclusions, List<Interruption> interruptions, ZoneId zone) {
        this(rules, exclusions, interruptions, zone, new HashMap<>());
    }

    private RefundDays(RefundRules rules, List<RefundExclusion> exclusions, List<Interruption> interruptions, ZoneId zone,
                       Map<String, Map<LocalDate, String>> deviceDays) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.exclusions = rules.exclusionRecords() ? List.copyOf(exclusions) : List.of();
        this.interruptions = List.copyOf(interruptions);
        this.zone = Objects.requireNonNull(zone, "zone");
        this.deviceDays = deviceDays;
    }

    /** The days its readings excluded with these records (read after the readings were streamed). */
    RefundDays withRecords(List<RefundExclusion> exclusions, List<Interruption> interruptions) {
        return new RefundDays(rules, exclusions, interruptions, zone, deviceDays);
    }

    /** Takes in one reading: the first that excludes a device's day names why; others are ignored. */
    void note(Reading r) {
        excludingReading(r).ifPresent(why -> deviceDays.computeIfAbsent(r.device(), d -> new HashMap<>())
                .putIfAbsent(LocalDate.ofInstant(r.time(), zone), why));
    }

    /** The points whose readings {@link RefundRules} looks at: {@code alarm.<kind>} and the state points. */
    public static List<String> points(RefundRules rules) {
        List<String> out = new ArrayList<>();
        rules.exclusionAlarms().forEach(kind -> out.add("alarm." + kind));
        rules.exclusionStates().forEach(s -> out.add(s.point()));
        return out;
    }

    private Optional<String> excludingReading(Reading r) {
        for (String kind : rules.exclusionAlarms()) {
            if (r.point().equals("alarm." + kind) && r.value().signum() != 0) {
                return Optional.of("alarm." + kind + " open at " + r.time());
            }
        }
        for (RefundRules.StateMatch state : rules.exclusionStates()) {
            if (r.point().equals(state.point()) && r.quality() == Quality.GOOD && r.value().compareTo(state.equals()) == 0) {
                return Optional.of(r.device() + " " + state + " at " + r.time());
            }
        }
        return Optional.empty();
    }

    /** What {@code day} is for {@code household}, if anything besides its temperature. */
    public Optional<Day> of(Household household, LocalDate day) {
        for (Interruption i : interruptions) {
            if (i.affects(household.building()) && i.daysWithout(zone, rules.interruptionMinimum()).contains(day)) {
                return Optional.of(new Day(Kind.INTERRUPTED, "interruption " + i.id() + " (" + i.kind().key() + ", "
                        + i.reason() + ")"));
            }
        }
        for (RefundExclusion x : exclusions) {
            if (x.covers(household.id(), day)) {
                return Optional.of(new Day(Kind.EXCLUDED, "refund exclusion " + x.id() + " (" + x.reason().key() + ")"));
            }
        }
        for (String device : List.of(household.meter(), household.roomSensor())) {
            String why = device.isEmpty() ? null : deviceDays.getOrDefault(device, Map.of()).get(day);
            if (why != null) {
                return Optional.of(new Day(Kind.EXCLUDED, why));
            }
        }
        return Optional.empty();
    }
}
