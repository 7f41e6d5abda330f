package io.heathub.billing.input;

import io.heathub.billing.DayRange;
import io.heathub.billing.Household;
import io.heathub.billing.HouseholdTariff;
import io.heathub.config.DidYouMean;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code households.csv}: header {@code household,area_m2,meter,room_sensor,tariff}, one
 * household per row; {@code tariff} is {@code two-part} or {@code area}; {@code room_sensor} may
 * be empty, and so may {@code meter} for {@code area} households. Optional columns
 * {@code building}, {@code zone} and {@code elastic} ({@code 2024-11-01/2024-11-14;…}) complete the account.
 */
public final class HouseholdsCsv {
    public static final List<String> COLUMNS = List.of("household", "area_m2", "meter", "room_sensor", "tariff");
    /** Columns a file may add: the household's building and control zone, elastic periods {@code FIRST/LAST;…}. */
    public static final List<String> OPTIONAL_COLUMNS = List.of("building", "zone", "elastic");

    private HouseholdsCsv() {
    }

    /** The valid households in file order; every bad value is added to {@code problems}. */
    public static List<Household> read(Path file, String name, Problems problems) {
        return read(file, name, problems, true);
    }

    /**
     * The same; without {@code elasticColumn} (a file a site imports: its elastic periods are the site
     * calendar's {@code calendar.elastic}) a non-empty {@code elastic} cell is a problem saying so.
     */
    public static List<Household> read(Path file, String name, Problems problems, boolean elasticColumn) {
        return read(CsvRows.file(file), name, problems, elasticColumn);
    }

    static List<Household> read(CsvRows.Source source, String name, Problems problems, boolean elasticColumn) {
        List<Household> out = new ArrayList<>();
        Map<String, Integer> householdLines = new HashMap<>();
        Map<String, Integer> meterLines = new HashMap<>();
        CsvRows.read(source, name, COLUMNS, OPTIONAL_COLUMNS, problems, row -> {
            int before = problems.count();
            String id = row.text("household");
            if (id.isEmpty()) {
                row.problem("household", "missing household id");
            } else {
                Integer first = householdLines.putIfAbsent(id, row.line());
                if (first != null) {
                    row.problem("household", "household \"" + id + "\" is listed twice (first on line " + first + ")");
                }
            }
            BigDecimal area = null;
            String areaText = row.text("area_m2");
            try {
                area = new BigDecimal(areaText);
                if (area.signum() <= 0) {
                    row.problem("area_m2", "area must be positive, got " + areaText);
                }
            } catch (NumberFormatException e) {
                row.problem("area_m2", areaText.isEmpty() ? "missing area" : "expected a number of m², got \"" + areaText + "\"");
            }
            String tariffText = row.text("tariff");
            Optional<HouseholdTariff> tariff = HouseholdTariff.byKey(tariffText);
            if (tariff.isEmpty()) {
                row.problem("tariff", (tariffText.isEmpty() ? "missing tariff" : "unknown tariff \"" + tariffText + "\""
                        + DidYouMean.hint(tariffText, HouseholdTariff.keys())) + "; expected two-part or area");
            }
            String meter = row.text("meter");
            if (meter.isEmpty() && tariff.orElse(null) == HouseholdTariff.TWO_PART) {
                row.problem("meter", "a two-part household needs a meter");
            } else if (!meter.isEmpty()) {
                Integer first = meterLines.putIfAbsent(meter, row.line());
                if (first != null) {
                    row.problem("meter", "meter \"" + meter + "\" already belongs to the household on line " + first);
                }
            }
            List<DayRange> elastic = List.of();
            if (!elasticColumn && !row.text("elastic").isEmpty()) {
                row.problem("elastic", "elastic periods are written in the site's calendar now (calendar.elastic in"
                        + " site.yaml, one calendar for control and billing): move \"" + row.text("elastic") + "\" there as"
                        + " - { household: " + id + ", from: FIRST, to: LAST } and empty this column");
            } else {
                try {
                    elastic = DayRange.parseList(row.text("elastic"));
                } catch (IllegalArgumentException e) {
                    row.problem("elastic", e.getMessage() + "; separate periods with ';'");
                }
            }
            if (problems.count() == before) {
                out.add(new Household(id, area, meter, row.text("room_sensor"), tariff.get(), elastic,
                        row.text("building"), row.text("zone")));
            }
        });
        return out;
    }
}
