package io.heathub.billing.settlement;

import java.util.List;

/**
 * The result of settling a season: one settlement per household in input order, and the
 * warnings an operator should see (counters going backwards, missing daily cuts, elastic periods
 * that could not be billed).
 */
public record SettlementRun(List<HouseholdSettlement> households, List<String> warnings) {
    public SettlementRun {
        households = List.copyOf(households);
        warnings = List.copyOf(warnings);
    }
}
