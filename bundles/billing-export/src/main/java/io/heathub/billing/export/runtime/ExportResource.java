package io.heathub.billing.export.runtime;

import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.billing.export.ReadingExport;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /api/export/readings.csv?from=DATE&to=DATE}: the export's day files (UTC days,
 * inclusive) as one CSV, streamed (a season of readings does not fit in one byte array);
 * {@code from} defaults to the first exported day, {@code to} to the last. 503 while the export
 * does not run.
 */
@Component(service = RestResource.class, property = RestResource.PATH + "=" + ExportResource.PATH)
public final class ExportResource implements RestResource {
    static final String PATH = "/export/readings.csv";
    static final String UNAVAILABLE = "the reading export is not running (heathub-billing-export waits for core's ReadingFeed)";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ReadingExport export;

    @Override
    public RestResponse handle(RestRequest request) {
        if (!request.isRead()) {
            return RestResponse.error(405, "only GET /api/export/readings.csv?from=DATE&to=DATE");
        }
        ReadingExport current = export;
        if (current == null) {
            return RestResponse.error(503, UNAVAILABLE);
        }
        String from = request.param("from");
        String to = request.param("to");
        LocalDate first;
        LocalDate last;
        try {
            List<LocalDate> days = from == null || to == null ? current.days() : List.of();
            first = from == null ? (days.isEmpty() ? LocalDate.now() : days.get(0)) : LocalDate.parse(from.trim());
            last = to == null ? (days.isEmpty() ? first : days.get(days.size() - 1)) : LocalDate.parse(to.trim());
        } catch (DateTimeParseException e) {
            return RestResponse.error(400, "from and to are ISO dates (UTC days), e.g. from=2024-11-15&to=2024-11-16: "
                    + e.getMessage());
        }
        if (last.isBefore(first)) {
            return RestResponse.error(400, "to (" + last + ") is before from (" + first + ")");
        }
        return RestResponse.download("text/csv; charset=utf-8", "readings-" + first + "_" + last + ".csv",
                out -> current.writeCsv(first, last, out));
    }
}
