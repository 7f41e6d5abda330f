package io.heathub.billing.supervision;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.billing.Household;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Zibo's quality obligation per building: every room at or above the minimum (18 °C) by the deadline
 * (24:00 of the test period's last day, the rooms warm when the season starts). A room's temperature
 * is its household's room sensor's last GOOD {@code temp.room} reading in the window given; a room
 * without one cannot show the obligation met.
 *
 * @param building the building ({@code households[].building}; {@code ""} for households without one)
 * @param at       when it was judged (the deadline, or the end of a later period)
 * @param rooms    rooms (households with a room sensor) of the building
 * @param below    households whose room was below the minimum, with the temperature ({@code panel-003 16.5})
 * @param silent   households whose room sensor gave no good reading in the window
 */
public record WarmRooms(String building, Instant at, int rooms, List<String> below, List<String> silent) {
    /** The alarm kind of a building whose rooms are not warm past the deadline. */
    public static final String ALARM_KIND = "roomsBelowMinimum";

    public WarmRooms {
        Objects.requireNonNull(building, "building");
        Objects.requireNonNull(at, "at");
        below = List.copyOf(below);
        silent = List.copyOf(silent);
    }

    /** Every room shown at or above the minimum. */
    public boolean met() {
        return below.isEmpty() && silent.isEmpty();
    }

    /** The alarm's subject: the building, or the site for households without one. */
    public String subject(String siteId) {
        return building.isEmpty() ? siteId : building;
    }

    /** Why it is not met, for the alarm's evidence. */
    public String evidence(BigDecimal minimumC) {
        List<String> parts = new ArrayList<>();
        if (!below.isEmpty()) {
            parts.add(below.size() + " of " + rooms + " rooms below " + minimumC.toPlainString() + " °C (" + String.join(", ", below) + ")");
        }
        if (!silent.isEmpty()) {
            parts.add(silent.size() + " of " + rooms + " rooms without a good reading (" + String.join(", ", silent) + ")");
        }
        return String.join("; ", parts) + " at " + at;
    }

    /**
     * Judges each building at {@code at} from the readings in [{@code from}, {@code at}) (others are ignored).
     *
     * @return one per building with rooms, in the households' order
     */
    public static List<WarmRooms> check(List<Household> households, Collection<Reading> readings, Instant from,
                                        Instant at, BigDecimal minimumC) {
        return check(households, readings, from, at, building -> Optional.of(minimumC));
    }

    /**
     * Judges each building against its own minimum ({@link HeatUseRule.Obligation#minimumC}); a building
     * whose minimum is empty (no obligation the hub can judge) is left out.
     *
     * @return one per judged building with rooms, in the households' order
     */
    public static List<WarmRooms> check(List<Household> households, Collection<Reading> readings, Instant from,
                                        Instant at, Function<String, Optional<BigDecimal>> minimumByBuilding) {
        Map<String, Reading> last = new HashMap<>();
        for (Reading r : readings) {
            if (r.point().equals(Points.TEMP_ROOM) && r.quality() == Quality.GOOD && !r.time().isBefore(from)
                    && r.time().isBefore(at)) {
                last.merge(r.device(), r, (a, b) -> b.time().isAfter(a.time()) ? b : a);
            }
        }
        Map<String, List<Household>> byBuilding = new LinkedHashMap<>();
        for (Household h : households) {
            if (!h.roomSensor().isEmpty()) {
                byBuilding.computeIfAbsent(h.building(), b -> new ArrayList<>()).add(h);
            }
        }
        List<WarmRooms> out = new ArrayList<>();
        byBuilding.forEach((building, members) -> {
            Optional<BigDecimal> minimum = minimumByBuilding.apply(building);
            if (minimum.isEmpty()) {
                return;
            }
            BigDecimal minimumC = minimum.get();
            List<String> below = new ArrayList<>();
            List<String> silent = new ArrayList<>();
            for (Household h : members) {
                Reading r = last.get(h.roomSensor());
                if (r == null) {
                    silent.add(h.id());
                } else if (r.value().compareTo(minimumC) < 0) {
                    below.add(h.id() + " " + r.value().toPlainString());
                }
            }
            out.add(new WarmRooms(building, at, members.size(), below, silent));
        });
        return out;
    }
}
