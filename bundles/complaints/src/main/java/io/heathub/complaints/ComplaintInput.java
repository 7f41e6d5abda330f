package io.heathub.complaints;

import io.heathub.billing.records.RecordJson;
import io.heathub.billing.records.RecordLog;
import io.heathub.config.DidYouMean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A complaint as an operator posts it, checked: {@code {"household", "category", "text", "time"}}.
 * Every refusal is an {@link IllegalArgumentException} naming the field and what is wrong.
 *
 * @param household a household of the site's {@code households:}
 * @param category  one of {@link #CATEGORIES}
 * @param text      what the resident said (up to {@value RecordJson#MAX_TEXT} characters; may be empty)
 * @param time      when the resident complained: not ahead of the hub's clock by more than {@link #CLOCK_SLACK}
 */
public record ComplaintInput(String household, String category, String text, Instant time) {
    /** What residents complain about; the alarm kind classes ({@code alarms.kindClasses}) may class them. */
    public static final List<String> CATEGORIES = List.of("tooCold", "tooHot", "noHeat", "noise", "leak", "billing",
            "service", "other");
    /** How far ahead of the hub's clock a complaint's time may be (a phone's clock a little ahead). */
    public static final Duration CLOCK_SLACK = Duration.ofMinutes(5);
    private static final Set<String> FIELDS = Set.of("household", "category", "text", "time");

    public ComplaintInput {
        Objects.requireNonNull(household, "household");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
    }

    /**
     * Reads a POST body (at most half of {@link RecordLog#MAX_LINE_BYTES} bytes).
     *
     * @param households the site's household ids (a typo gets the nearest)
     */
    public static ComplaintInput parse(byte[] body, Set<String> households, Instant now) {
        if (body.length > RecordLog.MAX_LINE_BYTES / 2) {
            throw new IllegalArgumentException("a complaint takes at most " + RecordLog.MAX_LINE_BYTES / 2
                    + " bytes, this one " + body.length);
        }
        RecordJson json = RecordJson.parse(new String(body, StandardCharsets.UTF_8), FIELDS);
        String household = json.name("household");
        if (!households.contains(household)) {
            throw new IllegalArgumentException("household: no household '" + household + "' in households:"
                    + DidYouMean.hint(household, households));
        }
        String category = json.name("category");
        if (!CATEGORIES.contains(category)) {
            throw new IllegalArgumentException("category: unknown \"" + category + "\""
                    + DidYouMean.hint(category, CATEGORIES) + "; expected one of " + String.join(", ", CATEGORIES));
        }
        String text = json.text("text", RecordJson.MAX_TEXT).orElse("");
        Instant time = json.instant("time").orElseThrow(() -> new IllegalArgumentException(
                "time: required, when the resident complained, e.g. 2025-11-20T08:30:00+08:00"));
        if (time.isAfter(now.plus(CLOCK_SLACK))) {
            throw new IllegalArgumentException("time: " + time + " is ahead of the hub's clock (" + now + ")");
        }
        return new ComplaintInput(household, category, text, time);
    }
}
