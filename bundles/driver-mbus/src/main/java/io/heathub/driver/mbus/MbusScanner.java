package io.heathub.driver.mbus;

import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FoundDevice;
import io.heathub.api.driver.FrameException;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkTimeoutException;
import io.heathub.api.driver.Progress;
import io.heathub.config.Durations;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the meters on an M-Bus line, one request at a time.
 *
 * <p>Primary scan: SND_NKE to each address 0..250; E5 = a meter (then read once with REQ_UD2 for
 * its identity), silence = none, anything else = several meters answering at once (collision).
 *
 * <p>Secondary scan (the standard wildcard search): select with SND_UD CI 52 where unknown
 * identification digits are F nibbles. No answer → no meter below this prefix; E5 → exactly one,
 * read through REQ_UD2 to 253 for its identification, manufacturer, version and medium; garbled →
 * several: fix the next digit to 0..9 and select again, depth-first over the 8 digits.
 */
final class MbusScanner {
    /** Per step: a meter answers within 330 bit times + 50 ms (~190 ms at 2400 baud); doubled for converters. */
    static final Duration DEFAULT_SCAN_TIMEOUT = Duration.ofMillis(500);
    /** A whole RSP_UD (at most 261 bytes × 11 bits at 2400 baud) on top of the answer time. */
    private static final Duration LONG_FRAME_TIME = Duration.ofMillis(1200);
    private static final int LAST_PRIMARY = 250;
    private static final System.Logger LOG = System.getLogger(MbusScanner.class.getName());

    /** Which scan. */
    enum Mode { PRIMARY, SECONDARY }

    /** Scan settings, checked before anything is sent. */
    record Settings(Mode mode, Duration timeout) {
    }

    private final Settings settings;
    private final Progress progress;
    private final MbusExchange exchange;
    private final MbusFrameDecoder decoder;
    private final String label;
    private final Link link;
    private final List<FoundDevice> found = new ArrayList<>();
    private long done;
    private long planned;

    /** How long the line must stay quiet before the next request after a garbled answer. */
    private static final Duration QUIET = Duration.ofMillis(100);

    MbusScanner(Link link, Settings settings, Progress progress, MbusFrameDecoder decoder) {
        this.settings = settings;
        this.progress = progress;
        this.decoder = decoder;
        this.label = "scan on " + link.uri();
        this.link = link;
        this.exchange = new MbusExchange(link, label);
    }

    /**
     * Reads {@code scan} (primary | secondary, default secondary) and {@code scanTimeout}.
     *
     * @param known the setting keys the driver accepts; others are refused as in {@code open}
     */
    static Settings settings(Map<String, String> raw, Set<String> known, String where) throws DeviceException {
        for (String key : raw.keySet()) {
            if (!known.contains(key)) {
                throw new DeviceException(Kind.CONFIG, where + ": settings." + key + ": unknown setting; known: " + known);
            }
        }
        Mode mode = Mode.SECONDARY;
        String modeText = raw.get("scan");
        if (modeText != null) {
            switch (modeText.trim().toLowerCase(Locale.ROOT)) {
                case "primary" -> mode = Mode.PRIMARY;
                case "secondary" -> mode = Mode.SECONDARY;
                default -> throw new DeviceException(Kind.CONFIG, where + ": settings.scan: expected primary (SND_NKE"
                        + " to 0..250) or secondary (wildcard search), got \"" + modeText + "\"");
            }
        }
        Duration timeout = DEFAULT_SCAN_TIMEOUT;
        String timeoutText = raw.get("scanTimeout");
        if (timeoutText != null) {
            timeout = Durations.parse(timeoutText).filter(d -> !d.isZero() && !d.isNegative()).orElseThrow(() ->
                    new DeviceException(Kind.CONFIG, where + ": settings.scanTimeout: expected a duration like 500ms"
                            + " or 1s, got \"" + timeoutText + "\""));
        }
        return new Settings(mode, timeout);
    }

    /** Runs the scan; stops between steps when {@link Progress#cancelled()}, returning what it found. */
    List<FoundDevice> scan() throws DeviceException {
        try {
            if (settings.mode() == Mode.PRIMARY) {
                primary();
            } else {
                planned = 1;
                progress.update(0, planned, "secondary search: select FFFFFFFF (all meters)");
                if (!progress.cancelled()) {
                    visit("");
                }
            }
        } catch (IOException e) {
            throw new DeviceException(Kind.IO, label + ": " + e.getMessage() + " (found so far: " + found.size() + ")", e);
        }
        return List.copyOf(found);
    }

    private void primary() throws IOException {
        long total = LAST_PRIMARY + 1;
        progress.update(0, total, "primary scan: SND_NKE to 0.." + LAST_PRIMARY);
        for (int address = 0; address <= LAST_PRIMARY; address++) {
            if (progress.cancelled()) {
                return;
            }
            byte[] request = MbusFrames.shortFrame(MbusFrames.C_SND_NKE, address);
            byte[] answer = ask(request, settings.timeout(), address);
            String message;
            if (answer == null) {
                message = "no answer";
            } else if (isAck(answer)) {
                FoundDevice device = new FoundDevice(Integer.toString(address), describePrimary(address));
                found.add(device);
                message = device.description();
            } else {
                FoundDevice device = FoundDevice.collision(Integer.toString(address), "collision: SND_NKE answered with "
                        + MbusFrames.hex(answer) + " instead of E5 (several meters with primary address " + address
                        + "? give them distinct addresses or use the secondary scan)");
                found.add(device);
                message = device.description();
            }
            progress.update(address + 1, total, "primary " + address + ": " + message);
        }
    }

    /** What the meter at a primary address says about itself, from one REQ_UD2. */
    private String describePrimary(int address) throws IOException {
        byte[] request = MbusFrames.shortFrame(MbusFrames.C_REQ_UD2, address);
        byte[] reply = ask(request, settings.timeout().plus(LONG_FRAME_TIME), address);
        if (reply == null) {
            return "answered SND_NKE, but not REQ_UD2";
        }
        try {
            MbusTelegram telegram = decoder.decodeTelegram(reply, "A" + address, Instant.now());
            return telegram.identification().isEmpty() ? "meter without a long header (CI 78/7A)"
                    : describe(telegram) + ", secondary address " + MbusAddress.secondaryOf(telegram);
        } catch (FrameException e) {
            return "answered SND_NKE; its REQ_UD2 reply does not decode: " + e.getMessage();
        }
    }

    /**
     * Selects the meters whose identification starts with {@code prefix}; depth-first below it
     * when several answer.
     */
    private void visit(String prefix) throws IOException {
        MbusAddress pattern = MbusAddress.searchPattern(prefix);
        String shown = pattern.identification();
        byte[] select = MbusFrames.longFrame(MbusFrames.C_SND_UD, MbusFrames.ADDRESS_SELECTED, MbusFrames.CI_SELECT,
                pattern.selectData());
        byte[] answer = ask(select, settings.timeout(), MbusExchange.ANY_ADDRESS);
        done++;
        boolean several;
        String message;
        if (answer == null) {
            several = false;
            message = "no meter";
        } else if (isAck(answer)) {
            MbusTelegram selected = readSelected(prefix);
            if (selected != null) {
                FoundDevice device = new FoundDevice(MbusAddress.secondaryOf(selected), describe(selected)
                        + ", primary address " + selected.primaryAddress());
                found.add(device);
                several = false;
                message = "found " + device.address();
            } else {
                // one meter acknowledged but its data did not come through: narrow it down instead
                several = true;
                message = "one meter, its data unreadable";
            }
        } else {
            several = true;
            message = "collision (" + MbusFrames.hex(answer) + ")";
        }
        if (several && prefix.length() == 8) {
            found.add(FoundDevice.collision(prefix, "collision: several meters share identification " + prefix
                    + " (differing manufacturer, version or medium?), or one answers garbled: " + message));
            several = false;
        }
        if (several) {
            planned += 10;
        }
        progress.update(done, planned, "select " + shown + ": " + message);
        if (!several) {
            return;
        }
        for (int digit = 0; digit <= 9; digit++) {
            if (progress.cancelled()) {
                return;
            }
            visit(prefix + digit);
        }
    }

    /** The selected meter's telegram, or null when it cannot be read or is not the one selected. */
    private MbusTelegram readSelected(String prefix) throws IOException {
        byte[] request = MbusFrames.shortFrame(MbusFrames.C_REQ_UD2, MbusFrames.ADDRESS_SELECTED);
        byte[] reply = ask(request, settings.timeout().plus(LONG_FRAME_TIME), MbusExchange.ANY_ADDRESS);
        if (reply == null) {
            return null;
        }
        try {
            MbusTelegram telegram = decoder.decodeTelegram(reply, "scan", Instant.now());
            return telegram.identification().startsWith(prefix) && !telegram.identification().isEmpty()
                    ? telegram : null;
        } catch (FrameException e) {
            LOG.log(System.Logger.Level.DEBUG,
                    "{0}: reply of the meter selected by {1}: {2}", label, prefix, e.getMessage());
            return null;
        }
    }

    /** The answer, or null on silence (the partial bytes of a timeout count as a garbled answer). */
    private byte[] ask(byte[] request, Duration timeout, int from) throws IOException {
        try {
            return exchange.exchange(request, timeout, from);
        } catch (LinkTimeoutException e) {
            byte[] partial = e.partial();
            if (partial.length == 0) {
                return null;
            }
            // A collision's tail may still be on the wire: the next select must not run into it.
            link.awaitSilence(QUIET, timeout);
            return partial;
        }
    }

    private static boolean isAck(byte[] answer) {
        return answer.length == 1 && (answer[0] & 0xFF) == MbusFrames.ACK;
    }

    /** Manufacturer, medium in words, version. */
    static String describe(MbusTelegram telegram) {
        return String.format("%s %s, medium %02X, version %02X", telegram.manufacturer(),
                mediumName(telegram.medium() & 0xFF), telegram.medium() & 0xFF, telegram.version() & 0xFF);
    }

    /** EN 13757-3 medium codes. */
    static String mediumName(int medium) {
        return switch (medium) {
            case 0x00 -> "other meter";
            case 0x01 -> "oil meter";
            case 0x02 -> "electricity meter";
            case 0x03 -> "gas meter";
            case 0x04 -> "heat meter (outlet)";
            case 0x05 -> "steam meter";
            case 0x06 -> "warm water meter";
            case 0x07 -> "water meter";
            case 0x08 -> "heat cost allocator";
            case 0x09 -> "compressed air meter";
            case 0x0A -> "cooling meter (outlet)";
            case 0x0B -> "cooling meter (inlet)";
            case 0x0C -> "heat meter (inlet)";
            case 0x0D -> "heat/cooling meter";
            case 0x0E -> "bus/system component";
            case 0x15 -> "hot water meter";
            case 0x16 -> "cold water meter";
            case 0x17 -> "dual register water meter";
            case 0x18 -> "pressure meter";
            case 0x19 -> "A/D converter";
            default -> "device of unknown medium";
        };
    }
}
