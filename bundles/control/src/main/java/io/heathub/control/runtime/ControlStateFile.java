package io.heathub.control.runtime;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.heathub.config.AtomicFiles;
import io.heathub.control.ControlState;
import io.heathub.control.OutdoorFilter;
import io.heathub.control.PumpZoneRule;
import io.heathub.control.RoomFeedback;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The engine's memory kept across restarts: the outdoor filter, the room trim, the last safe supply,
 * load and flow setpoints and the pump zones' bands, as a small properties file replaced atomically
 * (written beside, fsynced, moved over) after each cycle that changed it. Without it a restart
 * forgets the trim the rooms needed and the setpoint to hold while the outdoor sensor is silent.
 * The engine judges every remembered time itself (filter age, integration step, rate limits), so a
 * state from before a long stop is safe to restore. A file that cannot be read is reported with what
 * is wrong and the engine starts fresh; a failing disk never stops the loop.
 */
final class ControlStateFile {
    private static final System.Logger LOG = System.getLogger(ControlStateFile.class.getName());
    /** A state file is a few hundred bytes; anything far larger is not one. */
    private static final long MAX_BYTES = 256 * 1024;
    private static final String ZONE = "zone.";

    private final Path file;
    private Map<String, String> written;
    private boolean failing;

    ControlStateFile(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The state last written, or empty (no file, or one that cannot be read: logged). */
    Optional<ControlState> read() {
        try {
            if (Files.size(file) > MAX_BYTES) {
                LOG.log(WARNING, "control state " + file + " is larger than " + MAX_BYTES + " bytes: not a state file;"
                        + " the engine starts fresh");
                return Optional.empty();
            }
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            ControlState state = parse(p);
            written = format(state);
            LOG.log(INFO, "control state restored from " + file + ": room trim " + state.trim().trim()
                    + state.lastSupply().map(s -> ", last supply " + s.value() + " °C at " + s.time()).orElse(""));
            return Optional.of(state);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(WARNING, "control state " + file + " cannot be read (" + e.getMessage() + "); the engine starts fresh");
            return Optional.empty();
        }
    }

    /** Keeps {@code state} when it differs from the one written last; a failure is logged, never thrown. */
    void write(ControlState state) {
        Map<String, String> next = format(state);
        if (next.equals(written)) {
            return;
        }
        try {
            AtomicFiles.replace(file, text(next).getBytes(StandardCharsets.UTF_8));
            written = next;
            if (failing) {
                LOG.log(INFO, "control state " + file + " is written again");
                failing = false;
            }
        } catch (IOException | UncheckedIOException e) {
            if (!failing) {
                // once until it works again: the loop goes on, only a restart would forget
                LOG.log(ERROR, "control state " + file + " not written (" + e.getMessage() + "); the loop goes on, but a"
                        + " restart now would forget the room trim and the last safe setpoint");
                failing = true;
            }
        }
    }

    static Map<String, String> format(ControlState s) {
        Map<String, String> p = new TreeMap<>();
        s.outdoor().ifPresent(o -> {
            p.put("outdoor.smoothed", Double.toString(o.smoothed()));
            p.put("outdoor.time", o.time().toString());
        });
        p.put("trim.value", Double.toString(s.trim().trim()));
        s.trim().lastUpdate().ifPresent(t -> p.put("trim.lastUpdate", t.toString()));
        s.lastSupply().ifPresent(v -> putSetpoint(p, "supply", v));
        s.lastLoad().ifPresent(v -> putSetpoint(p, "load", v));
        s.lastFlow().ifPresent(v -> putSetpoint(p, "flow", v));
        s.zones().forEach((zone, z) -> {
            p.put(ZONE + zone + ".mode", z.mode().name());
            z.lastStep().ifPresent(t -> p.put(ZONE + zone + ".lastStep", t.toString()));
        });
        return p;
    }

    private static void putSetpoint(Map<String, String> p, String name, ControlState.Setpoint v) {
        p.put(name + ".value", Double.toString(v.value()));
        p.put(name + ".time", v.time().toString());
    }

    /** @throws IllegalArgumentException naming the key that is wrong */
    static ControlState parse(Properties p) {
        Optional<OutdoorFilter.State> outdoor = p.containsKey("outdoor.smoothed")
                ? Optional.of(new OutdoorFilter.State(number(p, "outdoor.smoothed"), time(p, "outdoor.time")))
                : Optional.empty();
        RoomFeedback.State trim = new RoomFeedback.State(p.containsKey("trim.value") ? number(p, "trim.value") : 0,
                p.containsKey("trim.lastUpdate") ? Optional.of(time(p, "trim.lastUpdate")) : Optional.empty());
        Map<String, PumpZoneRule.ZoneState> zones = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(ZONE) && key.endsWith(".mode")) {
                String zone = key.substring(ZONE.length(), key.length() - ".mode".length());
                String lastStep = ZONE + zone + ".lastStep";
                zones.put(zone, new PumpZoneRule.ZoneState(mode(p, key),
                        p.containsKey(lastStep) ? Optional.of(time(p, lastStep)) : Optional.empty()));
            }
        }
        return new ControlState(outdoor, trim, setpoint(p, "supply"), setpoint(p, "load"), zones, setpoint(p, "flow"));
    }

    private static Optional<ControlState.Setpoint> setpoint(Properties p, String name) {
        return p.containsKey(name + ".value")
                ? Optional.of(new ControlState.Setpoint(number(p, name + ".value"), time(p, name + ".time")))
                : Optional.empty();
    }

    private static double number(Properties p, String key) {
        String text = p.getProperty(key, "").trim();
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected a number, got \"" + text + "\"");
        }
    }

    private static Instant time(Properties p, String key) {
        String text = p.getProperty(key, "").trim();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + ": expected an ISO instant like 2026-12-07T06:00:00Z, got \"" + text
                    + "\"");
        }
    }

    private static PumpZoneRule.Mode mode(Properties p, String key) {
        String text = p.getProperty(key, "").trim();
        try {
            return PumpZoneRule.Mode.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": expected NORMAL, COLD or HOT, got \"" + text + "\"");
        }
    }

    private static String text(Map<String, String> values) {
        Properties p = new Properties();
        p.putAll(values);
        StringWriter out = new StringWriter();
        try {
            p.store(out, "heathub control engine state (written by the hub after each cycle that changed it)");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
