package io.heathub.driver.cjt188;

import io.heathub.api.driver.AddressSearch;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FoundDevice;
import io.heathub.api.driver.FrameException;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkTimeoutException;
import io.heathub.api.driver.Progress;
import io.heathub.api.driver.ScanSteps;
import io.heathub.config.DeviceSettings;
import io.heathub.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the meters on a CJ/T 188 line. With one meter on the line the broadcast read-address
 * request (address AA×7) finds it in one step. Several meters all answer the broadcast at once
 * and garble each other. CJ/T 188 has no standard partial wildcard, but many meter families accept
 * AA in the high address bytes as DL/T 645 does: with {@code scanWildcard: high} the collision is
 * narrowed byte by byte from the low end ({@link AddressSearch}). Otherwise (or with configured
 * addresses, or {@code scanMode: search}) each address of a list or range is probed with a
 * current-data read, one at a time. Every meter found is read once (901F) to tell its type and
 * which {@code unitPosition} decodes it.
 */
final class Cjt188Scanner {
    /** The most addresses a search probes: 10,000 silent addresses already take ~3 h at 1 s each. */
    static final int MAX_PROBES = 10_000;
    /** Per step: a 901F reply is ~0.3 s of line time at 2400 baud after the meter's turnaround. */
    static final Duration DEFAULT_SCAN_TIMEOUT = Duration.ofSeconds(1);
    /**
     * Added to the step timeout when a meter found is read: its 901F reply (63 bytes with the FE
     * preamble, 0.29 s at 2400 baud) is longer than the short answers a scan waits for.
     */
    private static final Duration CURRENT_DATA_TIME = Duration.ofMillis(500);

    /** How to look for meters. */
    enum Mode {
        /** Broadcast read-address first; search the configured addresses when it collides. */
        AUTO,
        /** The line has several meters: probe the configured addresses only. */
        SEARCH
    }

    /** Whether a collision is narrowed with partial wildcards. */
    enum Wildcard {
        /** The standard's way: the broadcast address only (the default). */
        NONE,
        /** The family accepts AA in the high address bytes ({@code AAAAAAAAAA0001}). */
        HIGH
    }

    /** Scan settings, checked before anything is sent. */
    record Settings(Mode mode, Duration timeout, int wakeUp, int type, List<String> addresses, DecodeSettings decode,
                    Wildcard wildcard) {
    }

    private final Link link;
    private final Settings settings;
    private final Progress progress;
    private final Cjt188Exchange exchange;
    private int sequence;

    Cjt188Scanner(Link link, Settings settings, Progress progress) {
        this.link = link;
        this.settings = settings;
        this.progress = progress;
        this.exchange = new Cjt188Exchange(link, "scan on " + link.uri());
    }

    /**
     * Reads the scan settings: {@code scanMode}, {@code scanTimeout}, {@code scanFrom}/{@code scanTo},
     * {@code scanAddresses}, and the driver's {@code wakeUp}, {@code meterType} and decode settings.
     *
     * @throws DeviceException CONFIG naming the setting
     */
    static Settings settings(Map<String, String> raw, String where) throws DeviceException {
        Mode mode = Mode.AUTO;
        String modeText = raw.get("scanMode");
        if (modeText != null) {
            switch (modeText.trim().toLowerCase(Locale.ROOT)) {
                case "auto" -> mode = Mode.AUTO;
                case "search" -> mode = Mode.SEARCH;
                default -> throw config(where, "scanMode", "expected auto (broadcast, search on collision) or search"
                        + " (several meters: probe scanFrom..scanTo / scanAddresses), got \"" + modeText + "\"");
            }
        }
        Duration timeout = DEFAULT_SCAN_TIMEOUT;
        String timeoutText = raw.get("scanTimeout");
        if (timeoutText != null) {
            timeout = Durations.parse(timeoutText).filter(d -> !d.isZero() && !d.isNegative()).orElseThrow(() ->
                    config(where, "scanTimeout", "expected a duration like 1s or 500ms, got \"" + timeoutText + "\""));
        }
        int wakeUp = intSetting(raw, where, "wakeUp", 10, Cjt188Driver.DEFAULT_WAKE_UP, 0, 16);
        int type = intSetting(raw, where, "meterType", 16, Cjt188Driver.DEFAULT_TYPE, 0x10, 0x20);
        if (!CurrentData.isSupportedType(type)) {
            throw config(where, "meterType", String.format("expected 20 (heat) or 10..19 (water), got %02X", type));
        }
        DecodeSettings decode;
        try {
            decode = DecodeSettings.from(raw);
        } catch (IllegalArgumentException e) {
            throw new DeviceException(Kind.CONFIG, where + ": settings." + e.getMessage());
        }
        List<String> addresses = DeviceSettings.scanAddresses(raw, where, 14, MAX_PROBES, null);
        if (mode == Mode.SEARCH && addresses.isEmpty()) {
            throw config(where, "scanMode", "search needs the addresses to probe: scanFrom and scanTo, or scanAddresses");
        }
        Wildcard wildcard = Wildcard.NONE;
        String wildcardText = raw.get("scanWildcard");
        if (wildcardText != null) {
            switch (wildcardText.trim().toLowerCase(Locale.ROOT)) {
                case "none" -> wildcard = Wildcard.NONE;
                case "high" -> wildcard = Wildcard.HIGH;
                default -> throw config(where, "scanWildcard", "expected none (the broadcast only, as the standard)"
                        + " or high (the meters accept AA in the high address bytes), got \"" + wildcardText + "\"");
            }
        }
        return new Settings(mode, timeout, wakeUp, type, addresses, decode, wildcard);
    }

    /** Runs the scan; stops between steps when {@link Progress#cancelled()}, returning what it found. */
    List<FoundDevice> scan() throws DeviceException {
        List<FoundDevice> found = new ArrayList<>();
        List<String> probes = settings.addresses();
        long total = probes.size() + (settings.mode() == Mode.AUTO ? 1 : 0);
        long done = 0;
        if (settings.mode() == Mode.AUTO) {
            if (progress.cancelled()) {
                return found;
            }
            progress.update(0, total, "read address (broadcast AA…AA) on " + link.uri());
            Broadcast answer = broadcast();
            done = 1;
            switch (answer.outcome()) {
                case FOUND -> {
                    found.add(answer.device());
                    progress.update(total, total, "meter " + answer.device().address() + " is alone on the line");
                    return found;
                }
                case COLLISION -> {
                    exchange.awaitSilence(settings.timeout()); // the collision may still be on the wire
                    if (probes.isEmpty()) {
                        return narrow(answer.detail(), found);
                    }
                    progress.update(done, total, "several meters answered the broadcast (" + answer.detail()
                            + "); probing " + probes.size() + " addresses");
                }
                case SILENCE -> progress.update(done, total, "no meter answered the broadcast"
                        + (probes.isEmpty() ? "" : "; probing " + probes.size() + " addresses"));
            }
        }
        ScanSteps.probeEach(probes, done, total, progress, found, this::probe);
        return found;
    }

    private enum Outcome { FOUND, COLLISION, SILENCE }

    private record Broadcast(Outcome outcome, FoundDevice device, String detail) {
    }

    private Broadcast broadcast() throws DeviceException {
        int ser = nextSequence();
        byte[] request = Cjt188Codec.readAddress(settings.wakeUp(), ser);
        byte[] reply;
        try {
            reply = exchange.exchange(request, "read address (81 0A, broadcast)", null, settings.timeout());
        } catch (DeviceException e) {
            if (e.kind() != Kind.TIMEOUT) {
                throw e;
            }
            byte[] partial = partial(e);
            return partial.length == 0 ? new Broadcast(Outcome.SILENCE, null, "")
                    : new Broadcast(Outcome.COLLISION, null, "partial frame [" + Cjt188Codec.hex(partial) + "]");
        }
        Cjt188Frame frame;
        try {
            frame = Cjt188Codec.parse(reply);
        } catch (FrameException e) {
            return new Broadcast(Outcome.COLLISION, null, e.getMessage() + " [" + Cjt188Codec.hex(reply) + "]");
        }
        if (!Cjt188Codec.isMeterAddress(frame.address())) {
            return new Broadcast(Outcome.COLLISION, null, "a reply with wildcards in its address ["
                    + Cjt188Codec.hex(reply) + "]");
        }
        if (frame.isError()) {
            // a lone meter that refuses the request still names itself in the header
            return new Broadcast(Outcome.FOUND, new FoundDevice(frame.address(), typeName(frame.type())
                    + ", answered the broadcast read-address request with an error reply: "
                    + Cjt188Codec.errorStatus(frame)), "");
        }
        if (frame.function() != Cjt188Codec.READ_ADDRESS || frame.length() < 3
                || Cjt188Codec.dataIdentifier(frame, Cjt188Codec.DI_READ_ADDRESS) != Cjt188Codec.DI_READ_ADDRESS) {
            return new Broadcast(Outcome.COLLISION, null, "a reply that does not answer read-address ["
                    + Cjt188Codec.hex(reply) + "]");
        }
        return new Broadcast(Outcome.FOUND, described(frame.address(), frame.type(),
                "answered the broadcast read-address request"), "");
    }

    /** The bytes that arrived before a timeout. */
    private static byte[] partial(DeviceException timeout) {
        return timeout.getCause() instanceof LinkTimeoutException t ? t.partial() : new byte[0];
    }

    /** One current-data read; null when the address is silent. */
    private FoundDevice probe(String address) throws DeviceException {
        int ser = nextSequence();
        byte[] request = Cjt188Codec.readCurrentData(settings.wakeUp(), settings.type(), address, ser);
        byte[] reply;
        try {
            reply = exchange.exchange(request, "probe meter " + address + " (90 1F)", address, settings.timeout());
        } catch (DeviceException e) {
            if (e.kind() != Kind.TIMEOUT) {
                throw e;
            }
            byte[] partial = partial(e);
            if (partial.length == 0) {
                return null;
            }
            exchange.awaitSilence(settings.timeout());
            return FoundDevice.collision(address, "garbled reply: partial frame ["
                    + Cjt188Codec.hex(partial) + "] (two meters with this address, or noise)");
        }
        try {
            return found(address, Cjt188Codec.parseReply(reply), "");
        } catch (FrameException e) {
            if (e.kind() == Kind.NAK) {
                return new FoundDevice(address, "answered with an error reply: " + e.getMessage());
            }
            exchange.awaitSilence(settings.timeout());
            return FoundDevice.collision(address, "garbled reply: " + e.getMessage() + " [" + Cjt188Codec.hex(reply)
                    + "] (two meters with this address, or noise)");
        }
    }

    /** Narrows the broadcast's collision with AA in the high address bytes, byte by byte from the low end. */
    private List<FoundDevice> narrow(String detail, List<FoundDevice> found) throws DeviceException {
        String several = "scan on " + link.uri() + ": several meters answered the broadcast read-address request ("
                + detail + ")";
        if (settings.wildcard() == Wildcard.NONE) {
            throw new DeviceException(Kind.CONFIG, several + "; CJ/T 188 has no standard partial wildcard"
                    + " (scanWildcard: none): set scanWildcard: high if these meters accept AA in the high address"
                    + " bytes, or give scanFrom and scanTo or scanAddresses to search them one by one");
        }
        progress.update(1, 101, "several meters answered the broadcast (" + detail
                + "); narrowing with AA in the high address bytes");
        AddressSearch.Result result = AddressSearch.below(7, 1, progress, found, this::atWildcard);
        if (result.finished() && !result.firstAnswers()) {
            throw new DeviceException(Kind.CONFIG, several + ", but none answered at an address with AA only in the"
                    + " high bytes (AAAAAAAAAAAA00..AAAAAAAAAAAA99): this meter family does not accept partial"
                    + " wildcards (scanWildcard: high); set scanWildcard: none and give scanFrom and scanTo or"
                    + " scanAddresses to search them one by one");
        }
        return found;
    }

    /** The read-address request at the address with these low digits and AA above them. */
    private AddressSearch.Answer atWildcard(String lowDigits) throws DeviceException {
        String pattern = AddressSearch.pattern(7, lowDigits);
        byte[] request = Cjt188Codec.readAddress(settings.wakeUp(), nextSequence(), pattern);
        byte[] reply;
        try {
            reply = exchange.exchange(request, "read address at " + pattern, pattern, settings.timeout());
        } catch (DeviceException e) {
            if (e.kind() != Kind.TIMEOUT) {
                throw e;
            }
            byte[] partial = partial(e);
            if (partial.length == 0) {
                return AddressSearch.Answer.nothing();
            }
            exchange.awaitSilence(settings.timeout());
            return AddressSearch.Answer.several("partial frame [" + Cjt188Codec.hex(partial) + "]");
        }
        Cjt188Frame frame;
        try {
            frame = Cjt188Codec.parse(reply);
        } catch (FrameException e) {
            exchange.awaitSilence(settings.timeout());
            return AddressSearch.Answer.several(e.getMessage() + " [" + Cjt188Codec.hex(reply) + "]");
        }
        if (!Cjt188Codec.isMeterAddress(frame.address())) {
            return AddressSearch.Answer.several("a reply with wildcards in its address [" + Cjt188Codec.hex(reply) + "]");
        }
        return AddressSearch.Answer.one(described(frame.address(), frame.type(), "answered at " + pattern));
    }

    /** A meter just found, read once (901F with its own T) for its type and the unitPosition that decodes it. */
    private FoundDevice described(String address, int type, String how) throws DeviceException {
        byte[] request = Cjt188Codec.readCurrentData(settings.wakeUp(), type, address, nextSequence());
        byte[] reply;
        try {
            reply = exchange.exchange(request, "read meter " + address + " (90 1F)", address,
                    settings.timeout().plus(CURRENT_DATA_TIME));
        } catch (DeviceException e) {
            if (e.kind() != Kind.TIMEOUT) {
                throw e;
            }
            if (partial(e).length > 0) {
                exchange.awaitSilence(settings.timeout());
            }
            return new FoundDevice(address, typeName(type) + ", " + how + "; no whole answer to a current-data read");
        }
        try {
            return found(address, Cjt188Codec.parseReply(reply), ", " + how);
        } catch (FrameException e) {
            if (e.kind() != Kind.NAK) {
                exchange.awaitSilence(settings.timeout());
            }
            return new FoundDevice(address, typeName(type) + ", " + how + "; its current-data reply: " + e.getMessage());
        }
    }

    /** The meter of a current-data reply, with the site.yaml settings its reply shows it needs. */
    private FoundDevice found(String address, Cjt188Frame frame, String how) {
        Map<String, String> needs = new java.util.LinkedHashMap<>();
        if (frame.type() != Cjt188Driver.DEFAULT_TYPE) {
            needs.put("meterType", String.format("%02X", frame.type()));
        }
        String position = unitPosition(frame);
        if (position.equals("after") || position.equals("before")) {
            needs.put("unitPosition", position);
        }
        String hint = position.isEmpty() ? "" : "; current data decodes with " + (position.equals("neither")
                ? "neither unitPosition" : "unitPosition " + position);
        return FoundDevice.withSettings(address, typeName(frame.type()) + how + hint, needs);
    }

    /**
     * Which unitPosition decodes a heat meter's current data: both positions are valid BCD, so
     * only a position that fails (a wrong unit code in some slot) can be ruled out. {@code after},
     * {@code before}, {@code neither}, or empty when both do or the reply is not a heat meter's.
     */
    private String unitPosition(Cjt188Frame frame) {
        if (frame.type() != 0x20 || frame.length() != CurrentData.HEAT_LENGTH
                || Cjt188Codec.dataIdentifier(frame, Cjt188Codec.DI_CURRENT_DATA) != Cjt188Codec.DI_CURRENT_DATA) {
            return "";
        }
        DecodeSettings given = settings.decode();
        boolean after = decodes(frame, new DecodeSettings(false, given.flowDecimals(), given.zone()));
        boolean before = decodes(frame, new DecodeSettings(true, given.flowDecimals(), given.zone()));
        if (after && before) {
            return "";
        }
        if (after || before) {
            return after ? "after" : "before";
        }
        return "neither";
    }

    private static boolean decodes(Cjt188Frame frame, DecodeSettings decode) {
        try {
            CurrentData.decode(frame, "scan", decode);
            return true;
        } catch (FrameException e) {
            return false;
        }
    }

    /** The meter type byte T in words. */
    static String typeName(int type) {
        String name;
        if (type == 0x10) {
            name = "cold water meter";
        } else if (type == 0x11) {
            name = "hot water meter";
        } else if (type >= 0x12 && type <= 0x19) {
            name = "water meter";
        } else if (type == 0x20) {
            name = "heat meter";
        } else if (type == 0x21) {
            name = "cooling meter";
        } else if (type >= 0x30 && type <= 0x39) {
            name = "gas meter";
        } else if (type >= 0x40 && type <= 0x49) {
            name = "other meter";
        } else {
            name = "unknown device type";
        }
        return String.format("%s (T %02X)", name, type);
    }

    private int nextSequence() {
        int ser = sequence;
        sequence = (sequence + 1) & 0xFF;
        return ser;
    }

    private static int intSetting(Map<String, String> raw, String where, String key, int radix, int defaultValue,
                                  int min, int max) throws DeviceException {
        String text = raw.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim(), radix);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        String range = radix == 16 ? String.format("%02X..%02X (hex)", min, max) : min + ".." + max;
        throw config(where, key, "expected " + range + ", got \"" + text + "\"");
    }

    private static DeviceException config(String where, String key, String problem) {
        return new DeviceException(Kind.CONFIG, where + ": settings." + key + ": " + problem);
    }
}
