package io.heathub.camel.journal;

import io.heathub.api.journal.Journal;
import io.heathub.camel.journal.uplink.UplinkSpec;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteService;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code journal:CURSOR?batchSize=500&delay=1000}: a consumer that reads the hub's journal on its
 * own cursor and emits each batch as a JSON array of readings (each with the hub id); the cursor
 * moves only when the exchange completed without error. It runs on the same support as the
 * built-in uplinks: back-off while the target fails (one WARNING per outage), a reading that
 * cannot be written or that the target refused (HTTP 400/413/422, a Kafka record too large) set
 * aside as a dead letter of the route's cursor. Lets any Camel endpoint be an uplink from a YAML
 * route.
 *
 * <p>Registered under DS name {@value #NAME}: DS writes it into {@code component.name}, which the
 * hub's Camel runtime uses as the component's scheme.
 */
@Component(name = JournalComponent.NAME, service = org.apache.camel.Component.class)
public class JournalComponent extends DefaultComponent {
    public static final String NAME = "journal";
    /** Cursors of the built-in uplinks: a route cannot take them. */
    public static final Set<String> BUILT_IN_CURSORS = Set.of("mqtt", "http", "kafka");

    private final Journal journal;
    private final Supplier<Optional<String>> siteId;

    @Activate
    public JournalComponent(@Reference(name = "journal") Journal journal,
                            @Reference(name = "sites") SiteService sites) {
        this(journal, () -> sites.current().map(Site::id));
    }

    /** With the site id from {@code siteId} (tests). */
    public JournalComponent(Journal journal, Supplier<Optional<String>> siteId) {
        this.journal = journal;
        this.siteId = siteId;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String cursor = remaining.strip();
        if (!cursor.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("journal: needs a cursor name of 1-64 letters, digits, '.', '_' or '-'"
                    + " (each route its own, e.g. journal:historian), got \"" + remaining + "\"");
        }
        if (BUILT_IN_CURSORS.contains(cursor)) {
            throw new IllegalArgumentException("journal:" + cursor + ": that cursor belongs to the built-in "
                    + cursor + " uplink; give the route its own cursor name");
        }
        JournalEndpoint endpoint = new JournalEndpoint(uri, this, journal, cursor, siteId);
        setProperties(endpoint, parameters);
        try {
            UplinkSpec.checkBatchSize(endpoint.getBatchSize());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("journal:" + cursor + ": " + e.getMessage(), e);
        }
        if (endpoint.getFirstBackoff() < 1 || endpoint.getMaxBackoff() < endpoint.getFirstBackoff()) {
            throw new IllegalArgumentException("journal:" + cursor + ": firstBackoff must be at least 1 ms and "
                    + "maxBackoff at least firstBackoff, got " + endpoint.getFirstBackoff() + " and "
                    + endpoint.getMaxBackoff());
        }
        return endpoint;
    }
}
