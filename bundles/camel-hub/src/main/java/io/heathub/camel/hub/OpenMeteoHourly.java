package io.heathub.camel.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Open-Meteo forecast response (the {@code /v1/forecast} JSON: {@code hourly.time} and one
 * hourly variable, e.g. {@code temperature_2m}) as reading objects for the hub's door. Times are
 * ISO local date-times in the response's {@code timezone} (or at its {@code utc_offset_seconds}), or
 * Unix seconds ({@code timeformat=unixtime}). Hours without a value ({@code null}) are left out and
 * counted. Everything else that is not as described is refused, naming the field.
 */
final class OpenMeteoHourly {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CELSIUS = "°C";

    /**
     * The readings and the hours left out.
     *
     * @param readings reading objects ({@code device, point, value, unit, time}) in time order
     * @param missing  hours whose value was {@code null}
     */
    record Converted(List<Map<String, Object>> readings, int missing) {
    }

    private OpenMeteoHourly() {
    }

    /**
     * @param replay shift every time so that the first hour is {@code now}'s hour (a recorded forecast played
     *               again, e.g. the demo's file)
     * @throws IllegalArgumentException naming what is wrong with the body
     */
    static Converted convert(byte[] body, String device, String point, String variable, boolean replay, Instant now) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected an Open-Meteo forecast object {\"hourly\": {\"time\": [...], \""
                    + variable + "\": [...]}}");
        }
        JsonNode hourly = root.path("hourly");
        JsonNode times = hourly.path("time");
        JsonNode values = hourly.path(variable);
        if (!times.isArray() || !values.isArray()) {
            throw new IllegalArgumentException("hourly.time and hourly." + variable + " must be arrays"
                    + (hourly.isObject() ? " (hourly has: " + String.join(", ", fieldNames(hourly)) + ")" : ""));
        }
        if (times.size() != values.size()) {
            throw new IllegalArgumentException("hourly." + variable + " has " + values.size() + " values for "
                    + times.size() + " times");
        }
        JsonNode unit = root.path("hourly_units").path(variable);
        if (!unit.isMissingNode() && !unit.asText().equals(CELSIUS)) {
            throw new IllegalArgumentException("hourly_units." + variable + " is \"" + unit.asText() + "\", not °C"
                    + " (ask for temperature_unit=celsius, the default)");
        }
        ZoneId zone = zone(root);
        List<Instant> instants = new ArrayList<>(times.size());
        for (int i = 0; i < times.size(); i++) {
            instants.add(time(times.get(i), zone, i));
        }
        Duration shift = replay && !instants.isEmpty()
                ? Duration.between(instants.get(0), now.truncatedTo(ChronoUnit.HOURS)) : Duration.ZERO;
        List<Map<String, Object>> readings = new ArrayList<>();
        int missing = 0;
        for (int i = 0; i < values.size(); i++) {
            JsonNode value = values.get(i);
            if (value.isNull()) {
                missing++;
                continue;
            }
            if (!value.isNumber()) {
                throw new IllegalArgumentException("hourly." + variable + "[" + i + "]: expected a number or null, got "
                        + value);
            }
            Map<String, Object> reading = new LinkedHashMap<>();
            reading.put("device", device);
            reading.put("point", point);
            reading.put("value", value.decimalValue());
            reading.put("unit", CELSIUS);
            reading.put("time", instants.get(i).plus(shift).toString());
            readings.add(reading);
        }
        return new Converted(readings, missing);
    }

    /** The response's zone: {@code timezone} when it is one, else {@code utc_offset_seconds}. */
    private static ZoneId zone(JsonNode root) {
        JsonNode name = root.path("timezone");
        if (name.isTextual()) {
            try {
                return ZoneId.of(name.asText());
            } catch (DateTimeException unknown) {
                // an abbreviation the JDK does not know: the offset says the same for a forecast's days
            }
        }
        JsonNode offset = root.path("utc_offset_seconds");
        if (offset.canConvertToInt() && offset.isIntegralNumber() && Math.abs(offset.asInt()) <= 18 * 3600) {
            return ZoneOffset.ofTotalSeconds(offset.asInt());
        }
        return null;
    }

    private static Instant time(JsonNode time, ZoneId zone, int index) {
        if (time.isIntegralNumber()) {
            return Instant.ofEpochSecond(time.asLong());
        }
        if (!time.isTextual()) {
            throw new IllegalArgumentException("hourly.time[" + index + "]: expected a local date-time like"
                    + " 2026-12-07T06:00 or Unix seconds, got " + time);
        }
        if (zone == null) {
            throw new IllegalArgumentException("hourly.time holds local times but the response has neither timezone nor"
                    + " utc_offset_seconds");
        }
        try {
            return LocalDateTime.parse(time.asText()).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("hourly.time[" + index + "]: expected a local date-time like"
                    + " 2026-12-07T06:00, got \"" + time.asText() + "\"");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
