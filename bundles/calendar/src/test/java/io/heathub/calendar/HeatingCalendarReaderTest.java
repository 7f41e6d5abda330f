package io.heathub.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ConfigProblems;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeatingCalendarReaderTest {

    private static HeatingCalendar read(String yaml) throws ConfigException {
        return HeatingCalendarReader.read(ConfigNode.parse("site.yaml", yaml).get("calendar"));
    }

    private static List<String> problems(String yaml) {
        try {
            read(yaml);
        } catch (ConfigException e) {
            return ConfigProblems.all(e).stream().map(ConfigException::getMessage).toList();
        }
        throw new AssertionError("no problem found in\n" + yaml);
    }

    @Test
    void everyKeyIsRead() throws ConfigException {
        HeatingCalendar calendar = read("""
                calendar:
                  season: { from: 10-20, to: 04-20 }
                  test: { from: 10-13, to: 10-19 }
                  extensions:
                    - { from: 2027-04-21, to: 2027-04-30, reason: decree 7 }
                  elastic:
                    - { household: h-1, from: 2026-10-01, to: 2026-10-12 }
                """);
        assertThat(calendar.on(LocalDate.of(2026, 10, 20)).kind()).isEqualTo(DayKind.SEASON);
        assertThat(calendar.on(LocalDate.of(2026, 10, 13)).kind()).isEqualTo(DayKind.TEST);
        assertThat(calendar.on(LocalDate.of(2027, 4, 30)).kind()).isEqualTo(DayKind.EXTENSION);
        assertThat(calendar.on(LocalDate.of(2027, 4, 30)).period()).isEqualTo("extension 2027-04-21–2027-04-30, decree 7");
        assertThat(calendar.on(LocalDate.of(2026, 10, 12)).meteredBilling("h-1")).isTrue();
        assertThat(calendar.elastic().get(0).origin()).isEqualTo("site.yaml:7");
        assertThat(read("calendar: { test: none }\n").test()).isEmpty();
        assertThat(read("calendar: {}\n")).isEqualTo(HeatingCalendar.defaults());
    }

    @Test
    void everyProblemIsLocatedInOnePass() {
        assertThat(problems("""
                calendar:
                  seasn: { from: 11-15, to: 03-15 }
                  test: { from: 11-08, to: 11-34 }
                  extensions:
                    - { from: 2027-04-31, to: 2027-05-01 }
                    - { from: 2027-03-16, to: 2027-03-20, reasn: decree }
                  elastic:
                    - { household: h-1, from: 2026-10-05, to: 2026-10-01 }
                    - { household: " ", from: 2026-10-05, to: 2026-10-06 }
                """)).containsExactly(
                "site.yaml:2:3: calendar.seasn: unknown field 'seasn' (did you mean 'season'?)",
                "site.yaml:3:28: calendar.test.to: expected a month-day like 11-16, got \"11-34\"",
                "site.yaml:5:15: calendar.extensions[0].from: expected a date like 2027-03-16, got \"2027-04-31\"",
                "site.yaml:6:43: calendar.extensions[1].reasn: unknown field 'reasn' (did you mean 'reason'?)",
                "site.yaml:8:47: calendar.elastic[0].to: 'to' 2026-10-01 is before 'from' 2026-10-05",
                "site.yaml:9:20: calendar.elastic[1].household: household id must not be empty");
    }

    @Test
    void aTestPeriodInsideTheSeasonIsRefusedAtTheTestKey() {
        assertThat(problems("calendar:\n  season: { from: 11-15, to: 03-15 }\n  test: { from: 11-01, to: 11-20 }\n"))
                .singleElement().asString().startsWith("site.yaml:3:9: calendar.test: calendar.test --11-01–--11-20 overlaps the season");
    }
}
