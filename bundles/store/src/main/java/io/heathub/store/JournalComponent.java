package io.heathub.store;

import io.heathub.api.Reading;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers the MVStore journal as the hub's {@link Journal}. Configuration PID
 * {@code io.heathub.store}; without a configuration the defaults apply. A configuration change
 * closes and reopens the journal (DS reactivation).
 */
@Component(service = Journal.class, configurationPid = JournalComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JournalComponent.Config.class)
public final class JournalComponent implements Journal {
    /** Configuration PID. */
    public static final String PID = "io.heathub.store";
    static final String FILE_NAME = "journal.mv.db";
    private static final Logger LOG = System.getLogger(JournalComponent.class.getName());

    /** Configuration of the journal. */
    @ObjectClassDefinition(name = "heathub journal",
            description = "Durable journal of accepted readings (H2 MVStore)")
    public @interface Config {
        @AttributeDefinition(description = "Folder of the journal file; empty means ${heathub.data}/journal")
        String directory() default "";

        @AttributeDefinition(description = "Most entries kept; beyond it entries forwarded by every cursor go first")
        long maxEntries() default 10_000_000L;

        @AttributeDefinition(description = "Force every commit to the device (survives power loss, costs throughput)")
        boolean sync() default true;
    }

    private final MvJournal journal;

    @Activate
    public JournalComponent(Config config, BundleContext context) throws JournalException {
        Path directory = directory(config.directory(), context.getProperty("heathub.data"));
        journal = MvJournal.open(directory.resolve(FILE_NAME), new MvJournal.Options(config.maxEntries(), config.sync()));
        LOG.log(Level.INFO, "Journal open at " + journal.file().toAbsolutePath() + ": head " + journal.head()
                + ", " + journal.size() + " entries, cursors " + journal.cursors());
    }

    /** Resolves the configured folder; {@code ${heathub.data}} in it is replaced by the framework property. */
    static Path directory(String configured, String dataProperty) {
        String data = dataProperty == null || dataProperty.isBlank() ? "data" : dataProperty;
        String dir = configured == null || configured.isBlank() ? "${heathub.data}/journal" : configured;
        return Path.of(dir.replace("${heathub.data}", data));
    }

    @Deactivate
    void deactivate() {
        journal.close();
    }

    @Override
    public void append(List<Reading> readings) throws JournalException {
        journal.append(readings);
    }

    @Override
    public List<JournalEntry> read(String cursor, int max) throws JournalException {
        return journal.read(cursor, max);
    }

    @Override
    public void commit(String cursor, long position) throws JournalException {
        journal.commit(cursor, position);
    }

    @Override
    public long head() {
        return journal.head();
    }

    @Override
    public long backlog(String cursor) {
        return journal.backlog(cursor);
    }
}
