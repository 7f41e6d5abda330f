package io.heathub.billing.kpi.runtime;

import io.heathub.api.rest.JsonText;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.billing.kpi.KpiService;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /api/kpi?week=2025-W02|month=2025-01|season=2024-11-15/2025-03-15[&site=ID]}: the
 * energy figures of one site or all, as {@link KpiService} writes them. 400 for none or more than
 * one period or a malformed one, 404 for an unknown site, 422 with the located problems of the
 * {@code site:}/{@code kpi:} sections or the export, 503 while the figures do not run.
 */
@Component(service = RestResource.class, property = {RestResource.PATH + "=" + KpiResource.PATH,
        RestResource.USAGE + "=/api/kpi?week=|month=|season="})
public final class KpiResource implements RestResource {
    static final String PATH = "/kpi";
    static final String UNAVAILABLE = "the energy figures are not running: they are computed over the reading"
            + " export (bundle heathub-billing-export), which is not running";
    private static final Pattern ISO_WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    private static final String PERIODS = "week=YYYY-Www (e.g. 2025-W02), month=YYYY-MM (e.g. 2025-01)"
            + " or season=START/END (e.g. 2024-11-15/2025-03-15)";
    private static final String SEASON_FORM = "expected START/END with ISO dates, e.g. 2024-11-15/2025-03-15";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile KpiService kpis;

    @Override
    public RestResponse handle(RestRequest request) {
        if (!request.isRead()) {
            return RestResponse.error(405, "only GET /api/kpi?" + PERIODS);
        }
        KpiService service = kpis;
        if (service == null) {
            return RestResponse.error(503, UNAVAILABLE);
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (String name : List.of("week", "month", "season")) {
            String value = request.param(name);
            if (value != null && !value.isBlank()) {
                given.put(name, value.trim());
            }
        }
        if (given.size() != 1) {
            return RestResponse.error(400, (given.isEmpty() ? "one of " : "only one of ") + PERIODS + " is expected"
                    + (given.isEmpty() ? "" : ", got " + String.join(" and ", given.keySet())));
        }
        String site = request.param("site");
        Optional<String> oneSite = site == null || site.isBlank() ? Optional.empty() : Optional.of(site.trim());
        String name = given.keySet().iterator().next();
        String value = given.get(name);
        try {
            String json = switch (name) {
                case "week" -> {
                    Matcher m = ISO_WEEK.matcher(value);
                    if (!m.matches()) {
                        throw new IllegalArgumentException("expected an ISO week YYYY-Www, e.g. 2025-W02, got \""
                                + value + "\"");
                    }
                    yield service.week(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), oneSite);
                }
                case "month" -> service.month(yearMonth(value), oneSite);
                default -> {
                    String[] ends = value.split("/", -1);
                    if (ends.length != 2) {
                        throw new IllegalArgumentException(SEASON_FORM + ", got \"" + value + "\"");
                    }
                    LocalDate start = date(ends[0], value);
                    LocalDate end = date(ends[1], value);
                    io.heathub.billing.Season.requireAtMostMaxDays(start, end);
                    yield service.season(start, end, oneSite);
                }
            };
            return RestResponse.ok(new JsonText(json));
        } catch (IllegalArgumentException e) {
            return RestResponse.error(400, name + ": " + e.getMessage());
        } catch (KpiService.UnknownSiteException e) {
            return RestResponse.error(404, "site: " + e.getMessage());
        } catch (KpiService.KpiException e) {
            return RestResponse.problems(e.getMessage(), e.problems());
        }
    }

    private static YearMonth yearMonth(String text) {
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a month YYYY-MM, e.g. 2025-01, got \"" + text + "\"");
        }
    }

    private static LocalDate date(String text, String season) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(SEASON_FORM + ", got \"" + season + "\"");
        }
    }
}
