package io.heathub.billing.export.runtime;

import io.heathub.api.Reading;
import io.heathub.api.hub.ReadingFeed;
import io.heathub.api.hub.ReadingListener;
import io.heathub.billing.export.ExportStore;
import io.heathub.billing.export.ExportedPoints;
import io.heathub.billing.export.ReadingExport;
import io.heathub.billing.hub.HubFolders;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Canonical CSV export: every accepted reading of the configured points, and of the points other
 * features ask for ({@link ExportedPoints} services, e.g. the energy figures' counters, asked per
 * batch), is appended to the day file of its UTC day ({@link ExportStore}), in the format
 * {@code heathub settle --readings} reads.
 * Written on the thread of core's {@link ReadingFeed} that accepted the batch, flushed per batch; an I/O failure is logged
 * and the batch is missing from the export (the journal still has it).
 */
@Component(configurationPid = ReadingExportComponent.PID, service = ReadingExport.class)
@Designate(ocd = ReadingExportComponent.Config.class)
public final class ReadingExportComponent implements ReadingListener, ReadingExport {
    public static final String PID = "io.heathub.billing.export";
    public static final String DEFAULT_POINTS = "heat.energy,temp.room,volume,electric.energy,flow,heat.power,temp.supply,temp.return,heat.energy.dueDay,volume.dueDay";
    private static final System.Logger LOG = System.getLogger(ReadingExportComponent.class.getName());

    @ObjectClassDefinition(name = "heathub reading export", description = "Accepted readings as one CSV file per UTC day")
    public @interface Config {
        @AttributeDefinition(description = "Folder of readings-YYYY-MM-DD.csv; empty means ${heathub.data}/export")
        String directory() default "";

        @AttributeDefinition(description = "Points exported, comma-separated; * = every point."
                + " Points other features ask for (the kpi: counters in site.yaml) are exported as well")
        String points() default DEFAULT_POINTS;

        @AttributeDefinition(description = "Seconds between forcing the day files to the disk (fsync); 0 = every batch."
                + " A power cut loses at most this much of the export (the journal still has it)")
        int syncSeconds() default DEFAULT_SYNC_SECONDS;

        @AttributeDefinition(description = "Day files kept (the newest; older ones are deleted); 0 = keep all")
        int keepDays() default DEFAULT_KEEP_DAYS;
    }

    static final int DEFAULT_SYNC_SECONDS = 5;
    /** Three heating seasons and the complaints window after them. */
    static final int DEFAULT_KEEP_DAYS = 1200;
    private static final int MAX_SYNC_SECONDS = 3600;

    private final ExportStore store;
    private final ExportWriter writer;
    private final String pointsText;
    private final Predicate<String> configured;
    private AutoCloseable feedSubscription = () -> { };

    /** What other features ask to be exported; replaced by DS as they come and go. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<ExportedPoints> wanted = List.of();

    @Activate
    public ReadingExportComponent(Config config, BundleContext context, @Reference(name = "feed") ReadingFeed feed) {
        this(Path.of(HubFolders.withData(config.directory(), HubFolders.DATA_PLACEHOLDER + "/export",
                HubFolders.data(context))), config.points(), List.of(), syncInterval(config.syncSeconds()),
                keepDays(config.keepDays()));
        feedSubscription = feed.subscribe(this);
    }

    /**
     * @param directory the export folder
     * @param points    comma-separated point names, or {@code *}
     */
    public ReadingExportComponent(Path directory, String points) {
        this(directory, points, List.of());
    }

    /**
     * @param wanted what other features ask to be exported besides {@code points}
     */
    public ReadingExportComponent(Path directory, String points, Collection<ExportedPoints> wanted) {
        this(directory, points, wanted, Duration.ofSeconds(DEFAULT_SYNC_SECONDS), DEFAULT_KEEP_DAYS);
    }

    /**
     * @param syncInterval how often day files are forced to the disk (zero: every batch)
     * @param keepDays     day files kept, the newest (0: all)
     */
    public ReadingExportComponent(Path directory, String points, Collection<ExportedPoints> wanted,
            Duration syncInterval, int keepDays) {
        this.store = new ExportStore(directory);
        this.pointsText = points == null || points.isBlank() ? DEFAULT_POINTS : points.trim();
        this.configured = points(pointsText);
        this.wanted = List.copyOf(wanted);
        this.writer = new ExportWriter(store, syncInterval, keepDays);
        LOG.log(Level.INFO, "Exporting points " + pointsText + " to " + directory.toAbsolutePath() + " (fsync every "
                + syncInterval.toSeconds() + " s, " + (keepDays == 0 ? "all days kept" : keepDays + " days kept") + ")");
    }

    static Duration syncInterval(int seconds) {
        if (seconds < 0 || seconds > MAX_SYNC_SECONDS) {
            throw new IllegalArgumentException(PID + ": syncSeconds must be 0.." + MAX_SYNC_SECONDS + ", was " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    static int keepDays(int days) {
        if (days < 0) {
            throw new IllegalArgumentException(PID + ": keepDays must be 0 (keep all) or positive, was " + days);
        }
        return days;
    }

    static Predicate<String> points(String text) {
        if (text.equals("*")) {
            return p -> true;
        }
        Set<String> names = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return names::contains;
    }

    @Override
    public void accepted(List<Reading> readings) {
        try {
            writer.append(readings, exported());
        } catch (IOException e) {
            LOG.log(Level.ERROR, "Export to " + store.directory() + " failed; " + readings.size()
                    + " readings are missing from the export (they are in the journal)", e);
        }
    }

    /** The configured points and, unless every point is exported anyway, those the features ask for now. */
    private Predicate<String> exported() {
        List<ExportedPoints> asking = wanted;
        if (asking.isEmpty() || pointsText.equals("*")) {
            return configured;
        }
        Set<String> extra = new java.util.HashSet<>();
        for (ExportedPoints w : asking) {
            try {
                extra.addAll(w.points());
            } catch (RuntimeException e) {
                // the export must go on whatever another feature does
                LOG.log(Level.WARNING, "Points asked by " + w + " are not available; exporting the others", e);
            }
        }
        return p -> configured.test(p) || extra.contains(p);
    }

    /** The store over this component's folder (listing, streaming, reading back). */
    public ExportStore store() {
        return store;
    }

    @Override
    public Path directory() {
        return store.directory();
    }

    @Override
    public List<LocalDate> days() {
        try {
            return store.days();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void writeCsv(LocalDate from, LocalDate to, OutputStream out) throws IOException {
        store.writeCsv(from, to, out);
    }

    @Deactivate
    public void close() {
        try {
            feedSubscription.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Leaving the reading feed failed", e);
        }
        try {
            writer.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Closing export files in " + store.directory() + " failed", e);
        }
    }
}
