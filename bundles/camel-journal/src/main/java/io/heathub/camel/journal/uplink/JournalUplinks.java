package io.heathub.camel.journal.uplink;

import io.heathub.api.journal.Journal;
import io.heathub.camel.journal.JournalComponent;
import io.heathub.camel.journal.JournalEndpoint;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;

/** Where a built-in uplink gets the endpoint its route starts from. */
public final class JournalUplinks {
    private JournalUplinks() {
    }

    /**
     * The endpoint that runs {@code spec} on {@code journal}: start the uplink's route from it
     * ({@code from(endpoint)}), send in the route, and let an exception fail the exchange when the
     * backend did not confirm. Use {@code errorHandler(noErrorHandler())}: the support decides what a
     * failure means and logs it once per outage. Removing the route stops it.
     */
    public static Endpoint endpoint(CamelContext camel, Journal journal, UplinkSpec spec) {
        JournalComponent owner = new JournalComponent(journal, Optional::empty);
        owner.setCamelContext(camel);
        JournalEndpoint endpoint = JournalEndpoint.forUplink("journal-uplink:" + spec.cursor(), owner, journal, spec);
        endpoint.setCamelContext(camel);
        return endpoint;
    }
}
