package io.heathub.billing.settlement;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The prices and rules of a season's settlement. All prices in CNY.
 *
 * @param areaPricePerM2    the area price: prepaid fee per m² for the season
 * @param basePricePerM2    the base part of the two-part tariff per m² (Chengde: 7.2, the 30 % share)
 * @param energyPricePerKWh the metered part per kWh (Chengde: 0.188)
 * @param chargeCapPerM2    the most a household is charged on top of its prepaid fee, per m²;
 *                          {@code null} for no cap
 * @param policy            refund and charge (多退少补) or refund only (多退少不补)
 * @param coldRoom          cold-room refund classes
 */
public record Tariff(BigDecimal areaPricePerM2, BigDecimal basePricePerM2, BigDecimal energyPricePerKWh,
                     BigDecimal chargeCapPerM2, SettlementPolicy policy, ColdRoomRules coldRoom) {

    public Tariff {
        requireNotNegative(areaPricePerM2, "areaPricePerM2");
        requireNotNegative(basePricePerM2, "basePricePerM2");
        requireNotNegative(energyPricePerKWh, "energyPricePerKWh");
        if (chargeCapPerM2 != null) {
            requireNotNegative(chargeCapPerM2, "chargeCapPerM2");
        }
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(coldRoom, "coldRoom");
    }

    /** The charge cap per m², empty when charges are not capped. */
    public Optional<BigDecimal> chargeCap() {
        return Optional.ofNullable(chargeCapPerM2);
    }

    private static void requireNotNegative(BigDecimal value, String name) {
        Objects.requireNonNull(value, name);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value.toPlainString());
        }
    }
}
