package io.heathub.billing.kpi.runtime;

import io.heathub.billing.DayRange;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.billing.hub.HubFolders;
import io.heathub.billing.kpi.EnergyKpis;
import io.heathub.billing.kpi.KpiService;
import io.heathub.config.AtomicFiles;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The weekly energy-figure feed (Minle publishes each week's figures per source and substation).
 * Once an ISO week has closed (Monday 00:00 in {@code site.zone}) and {@code kpi.delay} has
 * passed, {@link KpiService#week} of every site is sent as one message body to {@code kpi.endpoint}
 * (header {@code CamelFileName} = {@code kpi-<weekBasedYear>-W<ww>.json}). The last week sent is
 * kept in a state file, so a restart neither sends a week again nor skips one: weeks missed while
 * the hub was down or the endpoint failed are sent oldest first at the next call. Without a state
 * file the first week sent is the latest closed one. Thread-safe.
 */
public final class KpiFeed {
    private static final System.Logger LOG = System.getLogger(KpiFeed.class.getName());
    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

    private final AppliedSite site;
    private final KpiService kpis;
    private final ProducerTemplate producer;
    private final String dataDir;
    private final Path stateFile;
    private final Clock clock;
    // guarded by this
    private LocalDate lastSent; // Monday of the last week sent; null before the first
    private List<String> lastProblems = List.of();
    private String lastFailure;

    /**
     * @param site      the applied site versions: the {@code kpi:} section of the latest
     * @param producer  sends the feed (from the hub's CamelContext)
     * @param dataDir   replaces {@code ${heathub.data}} in the endpoint
     * @param stateFile holds the last week sent, e.g. {@code 2025-W02}
     */
    public KpiFeed(AppliedSite site, KpiService kpis, ProducerTemplate producer, String dataDir,
                   Path stateFile, Clock clock) {
        this.site = site;
        this.kpis = kpis;
        this.producer = producer;
        this.dataDir = dataDir;
        this.stateFile = stateFile;
        this.clock = clock;
        this.lastSent = readState(stateFile);
    }

    /** {@code 2025-W02} of the week starting on {@code monday}. */
    static String label(LocalDate monday) {
        return String.format("%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR), monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** Monday of the latest ISO week whose feed is due at {@code now}: closed at least {@code delay} ago. */
    static LocalDate latestDueWeek(Instant now, ZoneId zone, Duration delay) {
        LocalDate today = now.minus(delay).atZone(zone).toLocalDate();
        return today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
    }

    /**
     * Sends every due week after the last one sent, oldest first, and stops at the first that
     * fails (it is tried again at the next call). Does nothing while the applied version has no kpi
     * site, or while the file as it is now has problems in {@code site:} or {@code kpi:} (the site
     * owner logs them; the feed says once that it waits).
     *
     * @return the weeks sent, e.g. {@code [2025-W02]}
     */
    public synchronized List<String> sendDue() {
        List<String> problems = site.problems("site", KpiSection.KEY);
        if (!problems.equals(lastProblems)) {
            if (!problems.isEmpty()) {
                LOG.log(Level.WARNING, "energy figures: no weekly feed until site.yaml's site:/kpi: sections are fixed: "
                        + String.join("; ", problems));
            }
            lastProblems = problems;
        }
        List<String> sent = new ArrayList<>();
        Optional<KpiSettings> current = site.section(KpiSection.KEY, KpiSettings.class);
        if (current.isEmpty() || current.get().sites().isEmpty() || !problems.isEmpty()) {
            return sent; // nothing to send, or the service would refuse for the problems just logged
        }
        KpiSettings s = current.get();
        LocalDate latest = latestDueWeek(clock.instant(), s.zone(), s.delay());
        LocalDate monday = lastSent == null ? latest : lastSent.plusWeeks(1);
        for (; !monday.isAfter(latest); monday = monday.plusWeeks(1)) {
            if (!send(monday, s)) {
                break;
            }
            sent.add(label(monday));
        }
        return sent;
    }

    private boolean send(LocalDate monday, KpiSettings s) {
        String week = label(monday);
        String endpoint = endpoint(s);
        try {
            String json = kpis.week(monday.get(IsoFields.WEEK_BASED_YEAR), monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR),
                    Optional.empty());
            producer.sendBodyAndHeader(endpoint, json, Exchange.FILE_NAME, "kpi-" + week + ".json");
        } catch (KpiService.KpiException | KpiService.UnknownSiteException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            // once per distinct failure: the feed retries every minute
            Level level = why.equals(lastFailure) ? Level.DEBUG : Level.ERROR;
            LOG.log(level, "energy figures of " + week + " not sent to " + endpoint + ": " + why
                    + " (retried at the next check)");
            lastFailure = why;
            return false;
        }
        lastFailure = null;
        lastSent = monday;
        writeState(week);
        LOG.log(Level.INFO, "energy figures of " + week + " sent to " + endpoint);
        return true;
    }

    String endpoint(KpiSettings s) {
        return HubFolders.withData(s.endpoint(), KpiSettings.DEFAULT_ENDPOINT, dataDir);
    }

    /** The last week sent, e.g. {@code 2025-W02}. */
    public synchronized Optional<String> lastSent() {
        return Optional.ofNullable(lastSent).map(KpiFeed::label);
    }

    private static LocalDate readState(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            Matcher m = WEEK.matcher(text);
            Optional<DayRange> week = m.matches()
                    ? EnergyKpis.isoWeek(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : Optional.empty();
            if (week.isEmpty()) {
                LOG.log(Level.ERROR, file + ": expected the last week sent like 2025-W02, got \"" + text
                        + "\"; starting from the latest closed week");
                return null;
            }
            return week.get().first();
        } catch (IOException e) {
            LOG.log(Level.ERROR, "cannot read " + file + " (" + e.getMessage() + "); starting from the latest closed week");
            return null;
        }
    }

    /** Written aside and moved over the old one, so a crash leaves the old or the new week, never half a line. */
    private void writeState(String week) {
        try {
            AtomicFiles.replace(stateFile, (week + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.log(Level.ERROR, "cannot record " + week + " as sent in " + stateFile + " (" + e.getMessage()
                    + "); after a restart it would be sent again");
        }
    }
}
