package io.heathub.billing.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.heathub.api.Points;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.billing.Household;
import io.heathub.billing.HouseholdTariff;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The CSV readers of billing input ({@code households.csv}, the readings CSV of the export and of
 * the settlement tool), which read files an operator or another system writes: any bytes give the
 * valid rows and located problems, never an exception and never a hang; every problem line is
 * {@code FILE:LINE:COLUMN: field: problem} and short (quotes of the file are capped); every household
 * accepted has a unique id, a positive area, a tariff, and a meter when two-part, no meter twice;
 * every reading accepted is of a wanted device, of a billing point in that point's unit (the
 * counters reader: of a wanted pair, in a canonical unit).
 *
 * <p>Input: byte 0 picks the reader (households, readings, counters); the rest is the file.
 * Seeds in {@code src/test/resources/io/heathub/billing/input/BillingCsvFuzzTestInputs/}; long run
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=BillingCsvFuzzTest} (README).
 */
class BillingCsvFuzzTest {
    private static final String NAME = "input.csv";

    @FuzzTest(maxDuration = "3m")
    void readsValidRowsAndLocatesTheRest(byte[] input) {
        if (input.length == 0) {
            return;
        }
        // decoded exactly as the readers decode a file, without writing one per input (a write cost more
        // than the parse); the Path methods only open the file and hand it to these
        CsvRows.Source file = CsvRows.bytes(Arrays.copyOfRange(input, 1, input.length));
        Problems problems = new Problems(50);
        switch ((input[0] & 0xFF) % 3) {
            case 0 -> households(HouseholdsCsv.read(file, NAME, problems, true));
            case 1 -> {
                for (Reading r : ReadingsCsv.read(file, NAME, problems, d -> !d.startsWith("x"))) {
                    assertThat(r.device()).isNotEmpty().doesNotStartWith("x");
                    assertThat(r.point()).isIn(Points.HEAT_ENERGY, Points.TEMP_ROOM);
                    assertThat(r.unit()).isEqualTo(r.point().equals(Points.HEAT_ENERGY) ? Unit.KWH : Unit.CELSIUS);
                }
            }
            default -> {
                for (Reading r : ReadingsCsv.readCounters(file, NAME, problems, (d, p) -> !d.startsWith("x"))) {
                    assertThat(r.device()).isNotEmpty().doesNotStartWith("x");
                    assertThat(Unit.bySymbol(r.unit().symbol())).contains(r.unit());
                }
            }
        }
        assertThat(problems.lines()).hasSizeLessThanOrEqualTo(50);
        for (String line : problems.lines()) {
            assertThat(line).startsWith(NAME + ":").hasSizeLessThan(1024);
        }
    }

    private static void households(List<Household> households) {
        Set<String> ids = new HashSet<>();
        Set<String> meters = new HashSet<>();
        for (Household h : households) {
            assertThat(ids.add(h.id())).as("household %s twice", h.id()).isTrue();
            assertThat(h.id()).isNotEmpty();
            assertThat(h.areaM2()).isGreaterThan(BigDecimal.ZERO);
            assertThat(h.tariff()).isNotNull();
            if (h.tariff() == HouseholdTariff.TWO_PART) {
                assertThat(h.meter()).isNotEmpty();
            }
            if (!h.meter().isEmpty()) {
                assertThat(meters.add(h.meter())).as("meter %s twice", h.meter()).isTrue();
            }
        }
    }
}
