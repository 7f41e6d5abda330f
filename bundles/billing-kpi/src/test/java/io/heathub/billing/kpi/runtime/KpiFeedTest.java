package io.heathub.billing.kpi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.calendar.section.CalendarSection;
import io.heathub.billing.export.ExportStore;
import io.heathub.billing.export.runtime.ReadingExportComponent;
import io.heathub.billing.fixtures.TestSite;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.config.ConfigException;
import io.heathub.testkit.SettableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weekly feed sent through a real Camel context to a file: endpoint, remembered across restarts, on the
 * site versions of core's real site owner.
 */
class KpiFeedTest {
    @TempDir
    Path dir;

    private DefaultCamelContext camel;
    private ProducerTemplate producer;
    private Path out;
    private Path state;
    private String endpoint;
    private String siteText;
    private TestSite site;
    private AppliedSite applied;
    private HubKpis kpis;

    @BeforeEach
    void start() throws IOException {
        camel = new DefaultCamelContext();
        camel.start();
        producer = camel.createProducerTemplate();
        out = dir.resolve("feed");
        state = dir.resolve("data").resolve(KpiComponent.STATE_FILE);
        endpoint = "file:" + out.toString().replace('\\', '/');
        siteText = HubKpisTest.SITE + "  delay: 1h\n";
        Path exportDir = dir.resolve("export");
        ReadingExportComponent export = new ReadingExportComponent(exportDir, "*");
        export.accepted(HubKpisTest.twoWinters());
        export.close();
        site = TestSite.of(dir.resolve("site"), yaml(), new KpiSection(), new CalendarSection());
        applied = new AppliedSite(site.service());
        kpis = new HubKpis(applied, new ExportStore(exportDir));
    }

    @AfterEach
    void stop() throws Exception {
        producer.close();
        camel.stop();
        site.close();
    }

    /** site.yaml with the text and endpoint of the moment. */
    private String yaml() {
        return siteText + "  endpoint: \"" + endpoint + "\"\n";
    }

    /** Writes {@link #yaml()} for the site owner to apply. */
    private void edit() {
        site.write(yaml());
    }

    /** A feed as the component makes it after a (re)start. */
    private KpiFeed feed(SettableClock clock) {
        return new KpiFeed(applied, kpis, producer, dir.toString(), state, clock);
    }

    private static java.time.Instant shanghai(String localDateTime) {
        return OffsetDateTime.parse(localDateTime + "+08:00").toInstant();
    }

    @Test
    void eachWeekIsSentOnceAnHourAfterItClosesAndNotAgainAfterARestart() throws Exception {
        // started on Monday 13 January 2025 00:30 local: 2025-W02 closed 30 min ago, W01 is the latest due
        SettableClock clock = new SettableClock(shanghai("2025-01-13T00:30"));
        KpiFeed feed = feed(clock);
        assertThat(feed.sendDue()).containsExactly("2025-W01");
        assertThat(feed.sendDue()).as("once").isEmpty();

        clock.set(shanghai("2025-01-13T00:59:59"));
        assertThat(feed.sendDue()).as("not before the delay").isEmpty();
        clock.set(shanghai("2025-01-13T01:00"));
        assertThat(feed.sendDue()).containsExactly("2025-W02");

        assertThat(Files.readString(out.resolve("kpi-2025-W02.json"))).isEqualTo(HubKpisTest.WEEK_2);
        assertThat(out.resolve("kpi-2025-W01.json")).exists();
        assertThat(Files.readString(state)).isEqualTo("2025-W02\n");

        Files.delete(out.resolve("kpi-2025-W02.json"));
        KpiFeed restarted = feed(new SettableClock(shanghai("2025-01-13T05:00")));
        assertThat(restarted.lastSent()).contains("2025-W02");
        assertThat(restarted.sendDue()).as("not resent after a restart").isEmpty();
        assertThat(out.resolve("kpi-2025-W02.json")).doesNotExist();
    }

    @Test
    void weeksMissedWhileDownAreCaughtUpOldestFirst() throws Exception {
        Files.createDirectories(state.getParent());
        Files.writeString(state, "2025-W02\n");

        // down from before 20 January to Monday 27 January 02:00: W03 and W04 closed meanwhile
        KpiFeed feed = feed(new SettableClock(shanghai("2025-01-27T02:00")));

        assertThat(feed.sendDue()).containsExactly("2025-W03", "2025-W04");
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("kpi-2025-W03.json", "kpi-2025-W04.json");
        }
        assertThat(Files.readString(out.resolve("kpi-2025-W03.json")))
                .startsWith("{\"period\":\"2025-W03\",\"from\":\"2025-01-12T16:00:00Z\"");
        assertThat(Files.readString(state)).isEqualTo("2025-W04\n");
    }

    @Test
    void aFailedSendIsTriedAgainAtTheNextCheck() throws Exception {
        endpoint = "nosuchscheme:nowhere";
        edit();
        SettableClock clock = new SettableClock(shanghai("2025-01-13T01:00"));
        KpiFeed feed = feed(clock);

        assertThat(feed.sendDue()).isEmpty();
        assertThat(feed.sendDue()).isEmpty();
        assertThat(state).doesNotExist();

        endpoint = "file:" + out.toString().replace('\\', '/'); // fixed in site.yaml
        edit();
        clock.advance(Duration.ofMinutes(1));
        assertThat(feed.sendDue()).containsExactly("2025-W02");
        assertThat(Files.readString(out.resolve("kpi-2025-W02.json"))).isEqualTo(HubKpisTest.WEEK_2);
    }

    @Test
    void aBrokenSectionSendsNothingUntilFixedThenCatchesUp() throws Exception {
        Files.createDirectories(state.getParent());
        Files.writeString(state, "2025-W01\n");
        String good = siteText;
        siteText = good.replace("heatedAreaM2: 2000", "heatedAreaM2: -1");
        edit();
        KpiFeed feed = feed(new SettableClock(shanghai("2025-01-20T01:00")));

        assertThat(site.service().problems()).extracting(ConfigException::getMessage).singleElement().asString()
                .startsWith(site.file("site.yaml") + ":6:21: kpi.sites[0].heatedAreaM2");
        assertThat(feed.sendDue()).isEmpty();

        siteText = good;
        edit();
        assertThat(feed.sendDue()).containsExactly("2025-W02", "2025-W03");
    }

    @Test
    void withoutKpiSitesTheFeedIsIdle() {
        siteText = "site: { id: demo }\nkpi:\n";
        site.write(siteText);
        KpiFeed feed = feed(new SettableClock(shanghai("2025-01-13T01:00")));

        assertThat(feed.sendDue()).isEmpty();
        assertThat(out).doesNotExist();
        assertThat(state).doesNotExist();
    }

    @Test
    void theLatestDueWeekAndTheDefaultEndpoint() {
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        // Monday 00:59 local with a 1 h delay: 2025-W02 (6–12 January) is not due yet, W01 (30 Dec – 5 Jan) is
        assertThat(KpiFeed.latestDueWeek(shanghai("2025-01-13T00:59"), zone, Duration.ofHours(1)))
                .isEqualTo(LocalDate.of(2024, 12, 30));
        assertThat(KpiFeed.latestDueWeek(shanghai("2025-01-13T01:00"), zone, Duration.ofHours(1)))
                .isEqualTo(LocalDate.of(2025, 1, 6));
        assertThat(KpiFeed.label(LocalDate.of(2024, 12, 30))).isEqualTo("2025-W01");
        assertThat(KpiFeed.label(LocalDate.of(2026, 12, 28))).isEqualTo("2026-W53");

        site.write("site: { id: demo }\n");
        KpiFeed feed = new KpiFeed(applied, kpis, producer, "/var/lib/heathub", state,
                new SettableClock(shanghai("2025-01-13T01:00")));
        assertThat(feed.endpoint(applied.section(KpiSection.KEY, KpiSettings.class).orElseThrow()))
                .isEqualTo("file:/var/lib/heathub/kpi");
        assertThat(feed.lastSent()).isEqualTo(Optional.empty());
    }
}
