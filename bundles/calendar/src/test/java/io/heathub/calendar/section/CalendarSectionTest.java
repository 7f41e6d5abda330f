package io.heathub.calendar.section;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.calendar.DayKind;
import io.heathub.calendar.HeatingCalendar;
import io.heathub.config.ConfigException;
import io.heathub.config.site.Site;
import io.heathub.core.site.SiteKeeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calendar section read by core's real site owner, as every feature gets it. */
class CalendarSectionTest {

    @Test
    void theCalendarOfAnAppliedVersionAndAProblemKeepingTheLastGoodOne(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("site.yaml"), """
                site: { id: s, zone: Asia/Harbin }
                calendar:
                  season: { from: 10-20, to: 04-20 }
                  test: none
                """);
        try (SiteKeeper keeper = new SiteKeeper(id -> Optional.empty(), Clock.systemUTC())) {
            keeper.addSection(new CalendarSection());
            keeper.start(folder, Duration.ZERO);
            Site site = keeper.current().orElseThrow(() -> new AssertionError(keeper.problems()));
            HeatingCalendar calendar = site.section(CalendarSection.KEY, HeatingCalendar.class).orElseThrow();
            assertThat(calendar.on(LocalDate.of(2026, 10, 20)).kind()).isEqualTo(DayKind.SEASON);
            assertThat(calendar.test()).isEmpty();

            Files.writeString(folder.resolve("site.yaml"), """
                    site: { id: s, zone: Asia/Harbin }
                    calender:
                      season: { from: 10-20, to: 04-20 }
                    """);
            keeper.checkNow();
            assertThat(keeper.current().orElseThrow().version()).isEqualTo(site.version());
            assertThat(keeper.problems(List.of(CalendarSection.KEY))).extracting(ConfigException::getMessage)
                    .anySatisfy(p -> assertThat(p).contains("calender").contains("did you mean 'calendar'?"));
        }
    }

    @Test
    void withoutTheSectionTheDefaults(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("site.yaml"), "site: { id: s }\n");
        try (SiteKeeper keeper = new SiteKeeper(id -> Optional.empty(), Clock.systemUTC())) {
            keeper.addSection(new CalendarSection());
            keeper.start(folder, Duration.ZERO);
            assertThat(keeper.current().orElseThrow().section(CalendarSection.KEY, HeatingCalendar.class))
                    .contains(HeatingCalendar.defaults());
        }
    }
}
