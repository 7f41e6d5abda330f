package io.heathub.billing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A heated household as billing sees it.
 *
 * @param id             the household id, e.g. {@code 3-2-501}
 * @param areaM2         billed heated area, m²
 * @param meter          device id of its heat meter; empty when it has none (allowed for
 *                       {@link HouseholdTariff#AREA} households only)
 * @param roomSensor     device id giving its {@code temp.room}; empty when it has none
 * @param tariff         how it is billed
 * @param elasticPeriods days it asked for heat outside the season (弹性供热), billed by meter
 * @param building       the building it is in (户籍); empty when not given
 * @param zone           its control zone (e.g. a branch or orientation); empty when not given
 */
public record Household(String id, BigDecimal areaM2, String meter, String roomSensor, HouseholdTariff tariff,
                        List<DayRange> elasticPeriods, String building, String zone) {

    public Household {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(areaM2, "areaM2");
        Objects.requireNonNull(tariff, "tariff");
        meter = meter == null ? "" : meter;
        roomSensor = roomSensor == null ? "" : roomSensor;
        elasticPeriods = elasticPeriods == null ? List.of() : List.copyOf(elasticPeriods);
        building = building == null ? "" : building;
        zone = zone == null ? "" : zone;
        if (areaM2.signum() <= 0) {
            throw new IllegalArgumentException("household " + id + ": area must be positive, got " + areaM2.toPlainString());
        }
        if (tariff == HouseholdTariff.TWO_PART && meter.isEmpty()) {
            throw new IllegalArgumentException("household " + id + ": a two-part household needs a meter");
        }
    }

    /** A household without elastic heating, building or zone. */
    public Household(String id, BigDecimal areaM2, String meter, String roomSensor, HouseholdTariff tariff) {
        this(id, areaM2, meter, roomSensor, tariff, List.of(), "", "");
    }

    /** A household with elastic heating, without building or zone. */
    public Household(String id, BigDecimal areaM2, String meter, String roomSensor, HouseholdTariff tariff,
                     List<DayRange> elasticPeriods) {
        this(id, areaM2, meter, roomSensor, tariff, elasticPeriods, "", "");
    }

    public Optional<String> meterId() {
        return meter.isEmpty() ? Optional.empty() : Optional.of(meter);
    }

    public Optional<String> roomSensorId() {
        return roomSensor.isEmpty() ? Optional.empty() : Optional.of(roomSensor);
    }

    /** The same household with elastic-heating periods. */
    public Household withElasticPeriods(List<DayRange> periods) {
        return new Household(id, areaM2, meter, roomSensor, tariff, periods, building, zone);
    }
}
