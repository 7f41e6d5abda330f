package io.heathub.camel.journal;

import io.heathub.api.journal.Journal;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code journal:CURSOR?batchSize=500&delay=1000}: a consumer that reads the hub's journal on its
 * own cursor and emits each batch as a JSON array of readings; the cursor moves only when the
 * exchange completed without error, so a failing target gets the same batch again (with the
 * scheduled consumer's back-off options). Lets any Camel endpoint be an uplink from a YAML route.
 *
 * <p>Registered under DS name {@value #NAME}: DS writes it into {@code component.name}, which the
 * hub's Camel runtime uses as the component's scheme.
 */
@Component(name = JournalComponent.NAME, service = org.apache.camel.Component.class)
public class JournalComponent extends DefaultComponent {
    public static final String NAME = "journal";
    private final Journal journal;

    @Activate
    public JournalComponent(@Reference Journal journal) {
        this.journal = journal;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String cursor = remaining.strip();
        if (!cursor.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("journal: needs a cursor name of 1-64 letters, digits, '.', '_' or '-'"
                    + " (each route its own, e.g. journal:historian), got \"" + remaining + "\"");
        }
        if (cursor.equals("mqtt") || cursor.equals("http") || cursor.equals("kafka")) {
            throw new IllegalArgumentException("journal:" + cursor + ": that cursor belongs to the built-in "
                    + cursor + " uplink; give the route its own cursor name");
        }
        JournalEndpoint endpoint = new JournalEndpoint(uri, this, journal, cursor);
        setProperties(endpoint, parameters);
        if (endpoint.getBatchSize() < 1) {
            throw new IllegalArgumentException("journal:" + cursor + ": batchSize must be at least 1, got "
                    + endpoint.getBatchSize());
        }
        return endpoint;
    }
}
