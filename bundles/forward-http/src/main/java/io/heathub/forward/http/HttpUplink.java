package io.heathub.forward.http;

import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import io.heathub.api.journal.RetryPacing;
import io.heathub.api.Reading;
import io.heathub.wire.ReadingJson;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The HTTP uplink: a Camel timer route that reads batches from the journal cursor
 * {@value #CURSOR} and POSTs each as a JSON array. A 2xx moves the cursor; a 5xx, 408, 429,
 * timeout or refused connection keeps it and retries with back-off (1 s doubling to 60 s); any
 * other 4xx means the backend will never take that batch, so it is written with the answer to
 * {@code <data>/rejected/http/} and the cursor moves on (logged as an error; nothing is dropped
 * silently).
 */
@Component(configurationPid = HttpUplink.PID, service = {}, immediate = true)
@Designate(ocd = HttpUplinkConfig.class)
public class HttpUplink {
    public static final String PID = "io.heathub.forward.http";
    public static final String CURSOR = "http";
    public static final String ROUTE_ID = "heathub-forward-http";
    private static final System.Logger LOG = System.getLogger(HttpUplink.class.getName());

    private final Journal journal;
    private final CamelContext camel;
    private final HttpUplinkSettings settings;
    private final Path rejectedDir;
    private final BatchPoster poster;
    private final ReadingJson json = new ReadingJson();

    /** Back-off while the backend fails; used only by the route's timer thread. */
    private final RetryPacing pacing;
    private volatile boolean closing;

    @Activate
    public HttpUplink(@Reference(name = "journal") Journal journal, @Reference(name = "camel") CamelContext camel,
                      BundleContext context, HttpUplinkConfig config) throws Exception {
        this(journal, camel, HttpUplinkSettings.from(config, System::getenv),
                Path.of(Optional.ofNullable(context.getProperty("heathub.data")).orElse("data"), "rejected", "http"));
    }

    HttpUplink(Journal journal, CamelContext camel, HttpUplinkSettings settings, Path rejectedDir) throws Exception {
        this.journal = journal;
        this.camel = camel;
        this.settings = settings;
        this.rejectedDir = rejectedDir;
        this.pacing = new RetryPacing(settings.firstBackoff(), settings.maxBackoff());
        if (!settings.enabled()) {
            LOG.log(Level.INFO, "HTTP uplink disabled (no url in {0}.cfg and no {1})", PID, HttpUplinkSettings.URL_ENV);
            poster = null;
            return;
        }
        poster = new BatchPoster(settings);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:" + ROUTE_ID + "?delay=0&period=" + settings.pollInterval().toMillis())
                        .routeId(ROUTE_ID)
                        .process(exchange -> deliverAvailable());
            }
        });
        LOG.log(Level.INFO, "HTTP uplink started: {0}; backlog {1}", settings, journal.backlog(CURSOR));
    }

    /** Sends batches until the backlog is drained, the backend fails, or the uplink stops. */
    void deliverAvailable() throws JournalException, InterruptedException {
        while (!closing) {
            if (pacing.waiting()) {
                return;
            }
            List<JournalEntry> entries = journal.read(CURSOR, settings.batchSize());
            if (entries.isEmpty()) {
                return;
            }
            long first = entries.get(0).position();
            long last = entries.get(entries.size() - 1).position();
            List<Reading> readings = entries.stream().map(JournalEntry::reading).toList();
            byte[] body = poster.body(readings);
            BatchPoster.Outcome outcome = poster.post(body, CURSOR + "-" + first + "-" + last);
            switch (outcome.verdict()) {
                case DELIVERED -> delivered(last);
                case RETRY -> {
                    failed(outcome);
                    return;
                }
                case REJECTED -> rejected(first, last, body, outcome);
            }
            if (entries.size() < settings.batchSize()) {
                return;
            }
        }
    }

    private void delivered(long last) throws JournalException {
        journal.commit(CURSOR, last);
        if (pacing.succeeded().isPresent()) {
            LOG.log(Level.INFO, "HTTP uplink to {0} delivering again; backlog {1}", settings.url(),
                    journal.backlog(CURSOR));
        }
    }

    private void failed(BatchPoster.Outcome outcome) {
        String why = outcome.status() == 0 ? outcome.detail() : "HTTP " + outcome.status() + " " + outcome.detail();
        if (pacing.failed()) {
            LOG.log(Level.WARNING, "HTTP uplink to {0} failing, readings stay in the journal (backlog {1}) and are "
                    + "retried with back-off up to {2} s: {3}", settings.url(), journal.backlog(CURSOR),
                    settings.maxBackoff().toSeconds(), why);
        }
    }

    /** The backend refused the batch for good: keep it with the answer, then move on. */
    private void rejected(long first, long last, byte[] body, BatchPoster.Outcome outcome) throws JournalException {
        Path file = rejectedDir.resolve("batch-" + first + "-" + last + ".json");
        try {
            Files.createDirectories(rejectedDir);
            byte[] record = json.render(gen -> {
                gen.writeStartObject();
                gen.writeStringField("rejectedAt", Instant.now().toString());
                gen.writeNumberField("status", outcome.status());
                gen.writeStringField("url", settings.url());
                gen.writeStringField("answer", outcome.detail());
                gen.writeFieldName("readings");
                gen.writeRawValue(new String(body, StandardCharsets.UTF_8));
                gen.writeEndObject();
            });
            Files.write(file, record);
        } catch (IOException e) {
            // Cannot keep a copy: do not move past it, or the batch would be gone for good.
            LOG.log(Level.ERROR, "HTTP uplink: backend rejected batch " + first + "-" + last + " (HTTP "
                    + outcome.status() + ") and it cannot be saved to " + file + "; retrying", e);
            failed(outcome);
            return;
        }
        LOG.log(Level.ERROR, "HTTP uplink: backend rejected batch {0}-{1} with HTTP {2}: {3}; saved to {4}",
                first, last, outcome.status(), outcome.detail(), file);
        journal.commit(CURSOR, last);
    }

    @Deactivate
    public void close() {
        closing = true;
        if (poster == null) {
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
    }
}
