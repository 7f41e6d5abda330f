package io.heathub.core;

import static java.lang.System.Logger.Level.ERROR;

import io.heathub.config.Durations;
import io.heathub.core.command.CommandAudit;
import io.heathub.core.command.CommandBook;
import io.heathub.core.pipeline.Validator;
import io.heathub.wire.ReadingInput;
import java.time.Duration;

/**
 * The hub's limits from {@link CoreConfiguration}.
 *
 * @param window         the time window of readings around the hub's clock
 * @param clockTolerance how far a meter clock may be off before its device's readings are suspect
 * @param callDeadline   the longest one driver call may take
 * @param results        how long and how many command outcomes are kept
 * @param audit          how much command audit is kept
 */
public record HubSettings(ReadingInput.Window window, Duration clockTolerance, Duration callDeadline,
                          CommandBook.Retention results, CommandAudit.Retention audit) {
    private static final System.Logger LOG = System.getLogger(HubSettings.class.getName());
    private static final long MIN_AUDIT_BYTES = 1 << 20;

    public static final HubSettings DEFAULT = new HubSettings(ReadingInput.Window.DEFAULT,
            Validator.DEFAULT_CLOCK_TOLERANCE, Duration.ofSeconds(60), CommandBook.Retention.DEFAULT,
            CommandAudit.Retention.DEFAULT);

    /**
     * The settings of a configuration. A value that does not parse or is out of range falls back
     * to its default with an ERROR naming it: a typo in a .cfg must not stop the hub.
     */
    public static HubSettings from(CoreConfiguration c) {
        HubSettings d = DEFAULT;
        ReadingInput.Window window = new ReadingInput.Window(
                duration("readingsMaxLead", c.readingsMaxLead(), d.window().maxLead()),
                duration("readingsMaxLag", c.readingsMaxLag(), d.window().maxLag()));
        int count = c.commandResultsMaxCount() >= 1 ? c.commandResultsMaxCount()
                : rejected("commandResultsMaxCount", c.commandResultsMaxCount(), d.results().maxCount());
        long bytes = c.auditMaxBytes() >= MIN_AUDIT_BYTES ? c.auditMaxBytes()
                : rejected("auditMaxBytes", c.auditMaxBytes() + " (at least " + MIN_AUDIT_BYTES + ")", d.audit().maxBytes());
        return new HubSettings(window,
                duration("meterClockTolerance", c.meterClockTolerance(), d.clockTolerance()),
                duration("driverCallDeadline", c.driverCallDeadline(), d.callDeadline()),
                new CommandBook.Retention(duration("commandResultsMaxAge", c.commandResultsMaxAge(), d.results().maxAge()),
                        count),
                new CommandAudit.Retention(bytes, duration("auditMaxAge", c.auditMaxAge(), d.audit().maxAge())));
    }

    private static Duration duration(String key, String text, Duration fallback) {
        return Durations.parse(text == null ? "" : text).filter(v -> !v.isNegative() && !v.isZero())
                .orElseGet(() -> rejected(key, text, fallback));
    }

    private static <T> T rejected(String key, Object value, T fallback) {
        LOG.log(ERROR, "Configuration io.heathub.core: " + key + " = '" + value + "' is not valid; using " + fallback);
        return fallback;
    }
}
