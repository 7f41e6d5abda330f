package io.heathub.billing.supervision;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One period of the supervision feed. Figures are rounded as configured; unknown ones are null.
 *
 * @param site           the site id
 * @param from           period start (included)
 * @param to             period end (excluded)
 * @param outdoor        outdoor temperature over the period
 * @param sources        heat from each source
 * @param substations    heat through each substation
 * @param indoor         indoor temperature statistics over the rooms
 * @param openAlarms     open alarms per fault class (complaints excluded), every class listed
 * @param openComplaints open complaints per fault class, every class listed
 * @param warmRooms      the buildings judged against the warm-rooms obligation in this period ({@link WarmRooms}:
 *                       all of them in the period of the deadline, later those not yet met); mostly empty
 */
public record SupervisionFeed(String site, Instant from, Instant to, Outdoor outdoor, List<Heat> sources,
                              List<Heat> substations, Indoor indoor, Map<Integer, Integer> openAlarms,
                              Map<Integer, Integer> openComplaints, List<WarmRooms> warmRooms) {

    /** A period without a warm-rooms judgement. */
    public SupervisionFeed(String site, Instant from, Instant to, Outdoor outdoor, List<Heat> sources,
                           List<Heat> substations, Indoor indoor, Map<Integer, Integer> openAlarms,
                           Map<Integer, Integer> openComplaints) {
        this(site, from, to, outdoor, sources, substations, indoor, openAlarms, openComplaints, List.of());
    }

    /** The same feed with the warm-rooms judgements of its period. */
    public SupervisionFeed withWarmRooms(List<WarmRooms> judged) {
        return new SupervisionFeed(site, from, to, outdoor, sources, substations, indoor, openAlarms, openComplaints, judged);
    }

    public SupervisionFeed {
        warmRooms = List.copyOf(warmRooms);
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(outdoor, "outdoor");
        Objects.requireNonNull(indoor, "indoor");
        sources = List.copyOf(sources);
        substations = List.copyOf(substations);
        openAlarms = Map.copyOf(openAlarms);
        openComplaints = Map.copyOf(openComplaints);
    }

    /**
     * Outdoor temperature: {@code count} good readings in the period, their mean, min and max (null without readings).
     */
    public record Outdoor(int count, BigDecimal meanC, BigDecimal minC, BigDecimal maxC) {
    }

    /**
     * Heat through one meter: cut at {@code to} − cut at {@code from}, null when a cut is missing;
     * {@code estimated} true when a cut was interpolated, null when unknown.
     */
    public record Heat(String id, String meter, BigDecimal heatKWh, BigDecimal heatGJ, Boolean estimated) {
        public Heat {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(meter, "meter");
        }
    }

    /**
     * Indoor temperatures, one value per room (the mean of its good readings in the period).
     *
     * @param rooms             rooms with at least one reading
     * @param meanC             mean of the room means
     * @param minC              coldest room
     * @param percentile        which low percentile is given
     * @param percentileC       that percentile of the room means (nearest rank)
     * @param belowC            the minimum room temperature
     * @param shareBelowPercent rooms below it, % of rooms (1 decimal)
     */
    public record Indoor(int rooms, BigDecimal meanC, BigDecimal minC, int percentile, BigDecimal percentileC,
                         BigDecimal belowC, BigDecimal shareBelowPercent) {
    }
}
