package io.heathub.billing.settlement;

import io.heathub.billing.Cut;
import io.heathub.billing.Household;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * One household's season settlement. Amounts are CNY rounded half-up to 0.01, heat kWh to 0.001.
 * When the meter has no season cut, {@link #error()} says why and every amount, the heat and
 * {@code estimated} are {@code null}: nothing is guessed.
 *
 * @param household      the household
 * @param startCut       the meter's cut at the season's opening; null without meter or cut
 * @param endCut         the meter's cut at the season's close; null without meter or cut
 * @param heatKWh        season heat = end cut − start cut; null without both cuts
 * @param estimated      true when a season cut was interpolated; null without both cuts
 * @param prepaid        area × area price
 * @param twoPart        area × base price + heat × energy price; null for area households
 * @param refund         prepaid − twoPart when positive (0 for area households)
 * @param charge         twoPart − prepaid when positive, capped; 0 under refund-only and for area households
 * @param coldDays       season days per cold-room class (every class, with zeros), report order
 * @param coldRoomRefund Σ refund percentage × day fee over the season's days
 * @param elasticKWh     heat metered over the household's elastic-heating days; null when it has
 *                       none or a cut is missing
 * @param elasticCharge  elasticKWh × energy price, billed on top; null with elasticKWh
 * @param extensionKWh   heat metered over the season's decree extensions (not billed); null without
 *                       extensions, meter or cut
 * @param excludedDays   season days not refunded as the household's own doing (refund exclusions)
 * @param interruptedDays season days a recorded heat interruption left without heat (refunded in full)
 * @param error          why the settlement could not be made; null when it was
 */
public record HouseholdSettlement(Household household, Cut startCut, Cut endCut, BigDecimal heatKWh, Boolean estimated,
                                  BigDecimal prepaid, BigDecimal twoPart, BigDecimal refund, BigDecimal charge,
                                  Map<String, Integer> coldDays, BigDecimal coldRoomRefund,
                                  BigDecimal elasticKWh, BigDecimal elasticCharge, BigDecimal extensionKWh,
                                  int excludedDays, int interruptedDays, String error) {

    public HouseholdSettlement {
        coldDays = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(coldDays));
    }

    public Optional<String> errorMessage() {
        return Optional.ofNullable(error);
    }
}
