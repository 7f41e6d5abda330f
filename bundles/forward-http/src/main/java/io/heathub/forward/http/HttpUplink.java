package io.heathub.forward.http;

import io.heathub.api.journal.Journal;
import io.heathub.camel.journal.uplink.JournalUplinks;
import io.heathub.camel.journal.uplink.Outgoing;
import io.heathub.camel.journal.uplink.UplinkPolicy;
import io.heathub.camel.journal.uplink.UplinkSpec;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteService;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The HTTP uplink, on the shared uplink support: a Camel route from the journal cursor
 * {@value #CURSOR} that POSTs each batch as a JSON array through camel-http. A 2xx moves the
 * cursor. 5xx, 408, 425, 429, a timeout or a refused connection keep it and are retried with
 * back-off (1 s doubling to 60 s, one WARNING per outage). 401, 403, 404 and any other answer
 * that says the uplink itself is wrong are retried the same way and raise an alarm in the
 * journal's health. Only 400, 413 and 422, the server understood the request and refuses its
 * content, narrow the batch down to the refused reading, which is set aside as a dead letter.
 */
@Component(configurationPid = HttpUplink.PID, service = {}, immediate = true)
@Designate(ocd = HttpUplinkConfig.class)
public class HttpUplink {
    public static final String PID = "io.heathub.forward.http";
    public static final String CURSOR = "http";
    public static final String ROUTE_ID = "heathub-forward-http";
    /** Request header naming the hub the readings come from (also in each reading's JSON). */
    public static final String HUB_HEADER = "Heathub-Hub";
    private static final System.Logger LOG = System.getLogger(HttpUplink.class.getName());

    private final CamelContext camel;
    private final HttpUplinkSettings settings;
    private final Journal journal;

    @Activate
    public HttpUplink(@Reference(name = "journal") Journal journal, @Reference(name = "camel") CamelContext camel,
                      @Reference(name = "sites") SiteService sites, HttpUplinkConfig config) throws Exception {
        this(journal, camel, HttpUplinkSettings.from(config, System::getenv), () -> sites.current().map(Site::id));
    }

    HttpUplink(Journal journal, CamelContext camel, HttpUplinkSettings settings, Supplier<Optional<String>> siteId)
            throws Exception {
        this.journal = journal;
        this.camel = camel;
        this.settings = settings;
        if (!settings.enabled()) {
            LOG.log(Level.INFO, "HTTP uplink disabled (no url in {0}.cfg and no {1})", PID, HttpUplinkSettings.URL_ENV);
            return;
        }
        Supplier<Optional<String>> hub = UplinkSpec.hubId(settings.hubId(), siteId);
        UplinkSpec spec = new UplinkSpec(CURSOR, "HTTP uplink to " + settings.url(), LOG, settings.batchSize(),
                settings.pollInterval(), settings.firstBackoff(), settings.maxBackoff(), hub, new UplinkPolicy() { });
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler()); // the uplink support judges failures and logs each outage once
                from(JournalUplinks.endpoint(camel, journal, spec))
                        .routeId(ROUTE_ID)
                        .process(exchange -> headers(exchange, hub.get().orElse("")))
                        .to(settings.endpointUri());
            }
        });
        LOG.log(Level.INFO, "HTTP uplink started: {0}; backlog {1}", settings, journal.backlog(CURSOR));
    }

    /** The request's headers: JSON, the batch's idempotency key, the hub, and the configured ones. */
    private void headers(Exchange exchange, String hub) {
        @SuppressWarnings("unchecked")
        List<Outgoing> batch = exchange.getProperty(UplinkPolicy.BATCH, List.class);
        var message = exchange.getIn();
        message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        message.setHeader("Idempotency-Key", CURSOR + "-" + batch.get(0).position() + "-"
                + batch.get(batch.size() - 1).position());
        message.setHeader(HUB_HEADER, hub);
        settings.headers().forEach(message::setHeader);
    }

    @Deactivate
    public void close() {
        if (!settings.enabled()) {
            return;
        }
        try {
            if (camel.getRoute(ROUTE_ID) != null) {
                camel.getRouteController().stopRoute(ROUTE_ID, 15, TimeUnit.SECONDS);
                camel.removeRoute(ROUTE_ID);
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "HTTP uplink route " + ROUTE_ID + " did not stop cleanly: " + e, e);
        }
        LOG.log(Level.INFO, "HTTP uplink to {0} stopped; backlog {1}", settings.url(), journal.backlog(CURSOR));
    }
}
