package io.heathub.camel.hub;

import io.heathub.api.Reading;
import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.ReadingFeed;
import io.heathub.api.hub.ReadingSink;
import io.heathub.wire.ReadingInput;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.util.TimeUtils;

/**
 * One of the hub's three endpoints, with its options checked when it is created (a bad option
 * fails the route with the option, the value and what is allowed).
 */
public class HeathubEndpoint extends DefaultEndpoint {

    /** What the endpoint is: its URI path. */
    enum Kind {
        READINGS("readings", true, true),
        ALARMS("alarms", false, true),
        COMMANDS("commands", true, false),
        FORECAST("forecast", true, false);

        final String path;
        final boolean produces;
        final boolean consumes;

        Kind(String path, boolean produces, boolean consumes) {
            this.path = path;
            this.produces = produces;
            this.consumes = consumes;
        }

        static Kind of(String path) {
            for (Kind k : values()) {
                if (k.path.equals(path)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("heathub:" + path + " is not an endpoint of the hub: expected "
                    + Arrays.stream(values()).map(k -> "heathub:" + k.path).collect(Collectors.joining(", ")));
        }
    }

    private static final int MAX_FILTER = 1024;

    private final Kind kind;
    private final ReadingSink sink;
    private final ReadingFeed feed;
    private final CommandService commands;
    private String device;
    private String point;
    private String bodyType = "json";
    private int queueSize = 100;
    private String timeout = "30s";
    private boolean failOnError = true;
    private String variable = "temperature_2m";
    private boolean replay;

    HeathubEndpoint(String uri, HeathubComponent component, Kind kind, ReadingSink sink, ReadingFeed feed,
                    CommandService commands) {
        super(uri, component);
        this.kind = kind;
        this.sink = sink;
        this.feed = feed;
        this.commands = commands;
    }

    /** Refuses options that do not apply to this endpoint or are out of range. */
    void checkOptions() {
        String where = "heathub:" + kind.path;
        if (kind == Kind.FORECAST) {
            checkForecastOptions(where);
            return;
        }
        if (!variable.equals("temperature_2m") || replay) {
            throw new IllegalArgumentException(where + ": variable and replay are options of heathub:forecast");
        }
        if (kind == Kind.COMMANDS && (device != null || point != null || !bodyType.equals("json") || queueSize != 100)) {
            throw new IllegalArgumentException(where + " takes the options timeout and failOnError only");
        }
        if (kind != Kind.COMMANDS && (!timeout.equals("30s") || !failOnError)) {
            throw new IllegalArgumentException(where + ": timeout and failOnError are options of heathub:commands");
        }
        if (!bodyType.equals("json") && !bodyType.equals("list")) {
            throw new IllegalArgumentException(where + ": Invalid option bodyType=" + bodyType
                    + ": expected json (a JSON array of readings, the default) or list (List<Reading>)");
        }
        if (queueSize < 1 || queueSize > 10_000) {
            throw new IllegalArgumentException(where + ": Invalid option queueSize=" + queueSize + ": expected 1..10000");
        }
        checkFilter(where, "device", device, ReadingInput.DEVICE.pattern());
        checkFilter(where, "point", point, ReadingInput.POINT.pattern() + "(\\.\\*)?|\\*");
        timeoutMillis();
    }

    /** heathub:forecast: one device, one point, an Open-Meteo variable name; no consumer or command options. */
    private void checkForecastOptions(String where) {
        if (!bodyType.equals("json") || queueSize != 100 || !timeout.equals("30s") || !failOnError) {
            throw new IllegalArgumentException(where + " takes the options device, point, variable and replay only");
        }
        if (!forecastDevice().matches(ReadingInput.DEVICE.pattern())) {
            throw new IllegalArgumentException(where + ": Invalid option device=" + device + ": one device id, e.g. forecast");
        }
        if (forecastPoint().length() > 64 || !forecastPoint().matches(ReadingInput.POINT.pattern())) {
            throw new IllegalArgumentException(where + ": Invalid option point=" + point + ": one point name, e.g. temp.outdoor");
        }
        if (!variable.matches("[a-z][a-z0-9_]{0,63}")) {
            throw new IllegalArgumentException(where + ": Invalid option variable=" + variable
                    + ": an Open-Meteo hourly variable, e.g. temperature_2m");
        }
    }

    /** heathub:forecast: the device of the readings (default {@code forecast}). */
    String forecastDevice() {
        return device == null ? "forecast" : device.strip();
    }

    /** heathub:forecast: the point of the readings (default {@code temp.outdoor}). */
    String forecastPoint() {
        return point == null ? "temp.outdoor" : point.strip();
    }

    private static void checkFilter(String where, String option, String value, String syntax) {
        if (value == null) {
            return;
        }
        if (value.length() > MAX_FILTER) {
            throw new IllegalArgumentException(where + ": Invalid option " + option + ": over " + MAX_FILTER + " characters");
        }
        for (String item : value.split(",", -1)) {
            if (!item.strip().matches(syntax)) {
                throw new IllegalArgumentException(where + ": Invalid option " + option + "=" + value + ": \"" + item
                        + "\" is not " + (option.equals("device") ? "a device id" : "a point name or prefix such as temp.*")
                        + " (comma-separated)");
            }
        }
    }

    long timeoutMillis() {
        long millis;
        try {
            millis = TimeUtils.toMilliSeconds(timeout);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("heathub:" + kind.path + ": Invalid option timeout=" + timeout
                    + ": expected a duration such as 30s or 2m", e);
        }
        if (millis < 1 || millis > 600_000) {
            throw new IllegalArgumentException("heathub:" + kind.path + ": Invalid option timeout=" + timeout
                    + ": expected 1 ms to 10 minutes");
        }
        return millis;
    }

    /** The readings this consumer delivers: its kind, then the device and point options. */
    Predicate<Reading> filter() {
        Predicate<Reading> byKind = kind == Kind.ALARMS ? r -> r.point().startsWith("alarm.") : r -> true;
        Set<String> devices = device == null ? null
                : Arrays.stream(device.split(",")).map(String::strip).collect(Collectors.toSet());
        List<String> points = point == null ? null : Arrays.stream(point.split(",")).map(String::strip).toList();
        return byKind.and(r -> devices == null || devices.contains(r.device()))
                .and(r -> points == null || points.stream().anyMatch(p -> matches(p, r.point())));
    }

    private static boolean matches(String pattern, String point) {
        if (pattern.equals("*")) {
            return true;
        }
        return pattern.endsWith(".*") ? point.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(point);
    }

    @Override
    public Producer createProducer() {
        return switch (kind) {
            case READINGS -> new ReadingsProducer(this, sink);
            case FORECAST -> new ForecastProducer(this, sink, java.time.Clock.systemUTC());
            case COMMANDS -> new CommandsProducer(this, commands);
            case ALARMS -> throw new UnsupportedOperationException("heathub:alarms is read-only: alarms are readings "
                    + "(alarm.<kind>); send them to heathub:readings");
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (!kind.consumes) {
            throw new UnsupportedOperationException("heathub:" + kind.path + " only sends: use it in to:, and"
                    + " heathub:readings or heathub:alarms in from:");
        }
        FeedConsumer consumer = new FeedConsumer(this, processor, feed);
        configureConsumer(consumer);
        return consumer;
    }

    Kind kind() {
        return kind;
    }

    boolean jsonBody() {
        return bodyType.equals("json");
    }

    public String getDevice() {
        return device;
    }

    /** Consumers: only these devices (comma-separated ids). */
    public void setDevice(String device) {
        this.device = device;
    }

    public String getPoint() {
        return point;
    }

    /** Consumers: only these points (comma-separated; {@code temp.*} is every point under {@code temp.}). */
    public void setPoint(String point) {
        this.point = point;
    }

    public String getBodyType() {
        return bodyType;
    }

    /** Consumers: {@code json} (a JSON array of readings, UTF-8 bytes; default) or {@code list} ({@code List<Reading>}). */
    public void setBodyType(String bodyType) {
        this.bodyType = bodyType.strip().toLowerCase(Locale.ROOT);
    }

    public int getQueueSize() {
        return queueSize;
    }

    /** Consumers: accepted batches waiting for the route; more are dropped and counted (default 100). */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public String getTimeout() {
        return timeout;
    }

    /** Commands: how long to wait for the outcome (default 30s). */
    public void setTimeout(String timeout) {
        this.timeout = timeout.strip();
    }

    public String getVariable() {
        return variable;
    }

    /** Forecast: the Open-Meteo hourly variable read (default temperature_2m). */
    public void setVariable(String variable) {
        this.variable = variable.strip();
    }

    public boolean isReplay() {
        return replay;
    }

    /** Forecast: shift the times so that the first hour is the current one (a recorded forecast; default false). */
    public void setReplay(boolean replay) {
        this.replay = replay;
    }

    public boolean isFailOnError() {
        return failOnError;
    }

    /** Commands: a REFUSED or FAILED outcome fails the exchange (default true). */
    public void setFailOnError(boolean failOnError) {
        this.failOnError = failOnError;
    }
}
