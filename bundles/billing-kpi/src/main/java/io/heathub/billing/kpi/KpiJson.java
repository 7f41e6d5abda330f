package io.heathub.billing.kpi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.heathub.billing.Season;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes the figures of one period for one or more sites as one JSON object (Jackson streaming,
 * the shape fixed here; the billing README shows it): decimals plain, totals with
 * {@value #TOTAL_SCALE} decimals half-up, per-m² figures and targets as computed
 * ({@link KpiConfig#perM2Scale()}), unknown figures {@code null} with their reasons. Thread-safe.
 */
public final class KpiJson {
    /** Decimals of totals (kWh, GJ, m³, fuel unit): 0.001 kWh is far below any meter's resolution. */
    public static final int TOTAL_SCALE = 3;

    private final JsonFactory factory = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    private final KpiConfig config;

    /** @param config gives the unit of fuel figures */
    public KpiJson(KpiConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * ISO weeks with last season's same week and the change per m².
     *
     * @param season   the season the week's targets come from
     * @param weeks    one per site, all of the same week; at least one
     * @param problems problems of the input as a whole (e.g. export rows left out), listed under {@code problems}
     */
    public String weeks(Season season, List<WeeklyKpi> weeks, List<String> problems) {
        return weeks(season, weeks, null, problems);
    }

    /**
     * Like {@link #weeks(Season, List, List)} with the period's complaints under {@code complaints}
     * ({@code null} there when {@code complaints} is empty: none are recorded in the hub).
     *
     * @param complaints null: no {@code complaints} field (as {@link #weeks(Season, List, List)})
     */
    public String weeks(Season season, List<WeeklyKpi> weeks, Optional<PeriodComplaints> complaints, List<String> problems) {
        if (weeks.isEmpty()) {
            throw new IllegalArgumentException("no site to write");
        }
        String lastSeasonPeriod = weeks.get(0).lastSeason().map(PeriodKpi::label).orElse(null);
        return write(weeks.get(0).week(), season, true, lastSeasonPeriod, complaints, problems, json -> {
            for (WeeklyKpi w : weeks) {
                site(json, w.week(), w);
            }
        });
    }

    /**
     * Months, seasons or any other days.
     *
     * @param periods one per site, all of the same days; at least one
     */
    public String periods(Season season, List<PeriodKpi> periods, List<String> problems) {
        return periods(season, periods, null, problems);
    }

    /** Like {@link #periods(Season, List, List)} with the period's complaints (see {@link #weeks(Season, List, Optional, List)}). */
    public String periods(Season season, List<PeriodKpi> periods, Optional<PeriodComplaints> complaints, List<String> problems) {
        if (periods.isEmpty()) {
            throw new IllegalArgumentException("no site to write");
        }
        return write(periods.get(0), season, false, null, complaints, problems, json -> {
            for (PeriodKpi p : periods) {
                site(json, p, null);
            }
        });
    }

    @FunctionalInterface
    private interface Sites {
        void write(JsonGenerator json) throws IOException;
    }

    /** Weeks carry {@code lastSeasonPeriod} (null when last season has no such week, W53); other periods do not. */
    private String write(PeriodKpi first, Season season, boolean weeks, String lastSeasonPeriod,
                         Optional<PeriodComplaints> complaints, List<String> problems, Sites sites) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = factory.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("period", first.label());
            json.writeStringField("from", first.from().toString());
            json.writeStringField("to", first.to().toString());
            json.writeStringField("zone", season.zone().getId());
            json.writeStringField("season", season.days().toString());
            if (weeks && lastSeasonPeriod == null) {
                json.writeNullField("lastSeasonPeriod");
            } else if (weeks) {
                json.writeStringField("lastSeasonPeriod", lastSeasonPeriod);
            }
            json.writeArrayFieldStart("sites");
            sites.write(json);
            json.writeEndArray();
            if (complaints != null) {
                complaints(json, complaints);
            }
            strings(json, "problems", problems);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private void site(JsonGenerator json, PeriodKpi period, WeeklyKpi weekly) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", period.site().id());
        json.writeStringField("kind", period.site().kind().name().toLowerCase(Locale.ROOT));
        json.writeNumberField("heatedAreaM2", period.site().heatedAreaM2());
        json.writeObjectFieldStart("quantities");
        for (Quantity q : Quantity.values()) {
            Optional<QuantityTotal> total = period.total(q);
            if (total.isEmpty()) {
                continue; // no counter of that quantity at the site
            }
            json.writeObjectFieldStart(q.key());
            json.writeStringField("unit", q == Quantity.FUEL ? config.fuelUnit() : q.unit().orElseThrow().symbol());
            figures(json, total.get());
            number(json, "targetPerM2", period.targetsPerM2().get(q));
            Optional<Boolean> within = period.withinTarget(q);
            if (within.isPresent()) {
                json.writeBooleanField("withinTarget", within.get());
            } else {
                json.writeNullField("withinTarget");
            }
            if (weekly != null) {
                Optional<QuantityTotal> before = weekly.lastSeason().flatMap(p -> p.total(q));
                if (before.isPresent()) {
                    json.writeObjectFieldStart("lastSeason");
                    figures(json, before.get());
                    strings(json, "problems", before.get().problems());
                    json.writeEndObject();
                } else {
                    json.writeNullField("lastSeason");
                }
                number(json, "changePercent", weekly.changePercent(q).orElse(null));
            }
            strings(json, "problems", total.get().problems());
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void complaints(JsonGenerator json, Optional<PeriodComplaints> complaints) throws IOException {
        if (complaints.isEmpty()) {
            json.writeNullField("complaints");
            return;
        }
        PeriodComplaints c = complaints.get();
        json.writeObjectFieldStart("complaints");
        json.writeNumberField("made", c.made());
        json.writeObjectFieldStart("byCategory");
        for (java.util.Map.Entry<String, Integer> e : c.byCategory().entrySet()) {
            json.writeNumberField(e.getKey(), e.getValue());
        }
        json.writeEndObject();
        json.writeNumberField("openAtEnd", c.openAtEnd());
        json.writeEndObject();
    }

    /** total (and totalGJ for heat), perM2, estimated: all null when a cut is missing. */
    private static void figures(JsonGenerator json, QuantityTotal t) throws IOException {
        number(json, "total", scaled(t.total()));
        if (t.quantity() == Quantity.HEAT) {
            number(json, "totalGJ", scaled(t.totalGJ()));
        }
        number(json, "perM2", t.perM2());
        if (t.known()) {
            json.writeBooleanField("estimated", t.estimated());
        } else {
            json.writeNullField("estimated");
        }
    }

    private static BigDecimal scaled(BigDecimal value) {
        return value == null ? null : value.setScale(TOTAL_SCALE, RoundingMode.HALF_UP);
    }

    private static void number(JsonGenerator json, String name, BigDecimal value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }

    private static void strings(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String v : values) {
            json.writeString(v);
        }
        json.writeEndArray();
    }
}
