package io.heathub.driver.dlt645;

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
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the meters on a DL/T 645 line. A lone meter answers the read-address request (13h) sent
 * to the wildcard AAAAAAAAAAAA; several answer at once and garble each other. Then the search
 * narrows with abbreviated addresses (DL/T 645-2007 §4.2: the high bytes AAh, the meter answers a
 * read with its real address): a read of forward active energy at AAAAAAAAAA00..AAAAAAAAAA99, and
 * below every address that several meters answered, one more known byte ({@link AddressSearch}).
 * With configured addresses ({@code scanFrom..scanTo}, {@code scanAddresses}), or {@code
 * scanMode: search}, those are probed one by one instead.
 */
final class Dlt645Scanner {
    /** The most addresses one scan probes: 10,000 silent addresses already take ~3 h at 1 s each. */
    static final int MAX_PROBES = 10_000;
    /** Per step: a 24-byte reply is ~0.2 s at 1200 baud after the meter's turnaround. */
    static final Duration DEFAULT_SCAN_TIMEOUT = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(Dlt645Scanner.class.getName());

    /** How to look for meters. */
    enum Mode {
        /** Read address at the wildcard first; probe the configured addresses when it collides. */
        AUTO,
        /** Several meters on the line: probe the configured addresses only. */
        SEARCH
    }

    /** Whether a collision is narrowed with abbreviated addresses. */
    enum Wildcard {
        /** The high bytes AAh, as the standard allows (the default). */
        HIGH,
        /** Meters that do not honour abbreviated addressing: only configured addresses are probed. */
        NONE
    }

    /** Scan settings, checked before anything is sent. */
    record Settings(Mode mode, Duration timeout, int wakeUp, List<MeterAddress> addresses, Wildcard wildcard) {
    }

    private enum Outcome { ANSWER, GARBLED, SILENCE }

    /** What one request brought: the reply, garbage (with a description) or nothing. */
    private record Answer(Outcome outcome, byte[] reply, String detail) {
    }

    private final Link link;
    private final Settings settings;
    private final Progress progress;
    private final String label;

    /** How long the line must stay quiet before the next request after a garbled answer. */
    private static final java.time.Duration QUIET = java.time.Duration.ofMillis(100);

    Dlt645Scanner(Link link, Settings settings, Progress progress) {
        this.link = link;
        this.settings = settings;
        this.progress = progress;
        this.label = "scan on " + link.uri();
    }

    /**
     * Reads {@code scanMode}, {@code scanTimeout}, {@code scanFrom}/{@code scanTo}, {@code scanAddresses}
     * and {@code wakeUp}.
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
                default -> throw config(where, "scanMode", "expected auto (read address at AAAAAAAAAAAA, search on"
                        + " collision) or search (several meters: probe scanFrom..scanTo / scanAddresses), got \""
                        + modeText + "\"");
            }
        }
        Duration timeout = DEFAULT_SCAN_TIMEOUT;
        String timeoutText = raw.get("scanTimeout");
        if (timeoutText != null) {
            timeout = Durations.parse(timeoutText).filter(d -> !d.isZero() && !d.isNegative()).orElseThrow(() ->
                    config(where, "scanTimeout", "expected a duration like 1s or 500ms, got \"" + timeoutText + "\""));
        }
        int wakeUp = Dlt645Driver.DEFAULT_WAKE_UP;
        String wakeUpText = raw.get("wakeUp");
        if (wakeUpText != null) {
            wakeUp = -1;
            try {
                wakeUp = Integer.parseInt(wakeUpText.trim());
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            if (wakeUp < 0 || wakeUp > Dlt645Driver.MAX_WAKE_UP) {
                throw config(where, "wakeUp", "expected a count of FE bytes 0.." + Dlt645Driver.MAX_WAKE_UP + ", got \""
                        + wakeUpText + "\"");
            }
        }
        List<MeterAddress> addresses = DeviceSettings.scanAddresses(raw, where, 12, MAX_PROBES,
                        a -> a.equals(MeterAddress.BROADCAST.text())
                                ? a + " is the broadcast address, meters do not answer it" : null)
                .stream().map(MeterAddress::new).toList();
        if (mode == Mode.SEARCH && addresses.isEmpty()) {
            throw config(where, "scanMode", "search needs the addresses to probe: scanFrom and scanTo, or scanAddresses");
        }
        Wildcard wildcard = Wildcard.HIGH;
        String wildcardText = raw.get("scanWildcard");
        if (wildcardText != null) {
            switch (wildcardText.trim().toLowerCase(Locale.ROOT)) {
                case "high" -> wildcard = Wildcard.HIGH;
                case "none" -> wildcard = Wildcard.NONE;
                default -> throw config(where, "scanWildcard", "expected high (narrow a collision with abbreviated"
                        + " addresses, AA in the high bytes) or none, got \"" + wildcardText + "\"");
            }
        }
        return new Settings(mode, timeout, wakeUp, addresses, wildcard);
    }

    /** Runs the scan; stops between steps when {@link Progress#cancelled()}, returning what it found. */
    List<FoundDevice> scan() throws DeviceException {
        List<FoundDevice> found = new ArrayList<>();
        List<MeterAddress> probes = settings.addresses();
        long total = probes.size() + (settings.mode() == Mode.AUTO ? 1 : 0);
        long done = 0;
        if (settings.mode() == Mode.AUTO) {
            if (progress.cancelled()) {
                return found;
            }
            progress.update(0, total, "read address (13h) at AAAAAAAAAAAA on " + link.uri());
            Answer answer = ask(Dlt645Codec.readAddressRequest(settings.wakeUp()), null);
            done = 1;
            MeterAddress alone = answer.outcome() == Outcome.ANSWER ? addressIn(answer) : null;
            if (alone != null) {
                FoundDevice device = new FoundDevice(alone.text(), "answered the read-address request alone; "
                        + energyOf(alone));
                found.add(device);
                progress.update(total, total, "meter " + alone + " is alone on the line");
                return found;
            }
            if (answer.outcome() == Outcome.SILENCE) {
                progress.update(done, total, "no meter answered the read-address request"
                        + (probes.isEmpty() ? "" : "; probing " + probes.size() + " addresses"));
            } else {
                String detail = answer.outcome() == Outcome.GARBLED ? answer.detail()
                        : "not a read-address reply: " + Dlt645Codec.hex(answer.reply());
                if (probes.isEmpty()) {
                    return narrow(detail, found);
                }
                progress.update(done, total, "several meters answered the read-address request (" + detail
                        + "); probing " + probes.size() + " addresses");
            }
        }
        ScanSteps.probeEach(probes, done, total, progress, found, this::probe);
        return found;
    }

    /** Narrows the collision of the read-address request with abbreviated addresses, byte by byte. */
    private List<FoundDevice> narrow(String detail, List<FoundDevice> found) throws DeviceException {
        String several = label + ": several meters answered the read-address request (" + detail + ")";
        if (settings.wildcard() == Wildcard.NONE) {
            throw new DeviceException(Kind.CONFIG, several + " and scanWildcard is none; give scanFrom and scanTo"
                    + " or scanAddresses to probe them one by one, or scanWildcard: high when they honour abbreviated"
                    + " addressing (AA in the high address bytes)");
        }
        progress.update(1, 101, "several meters answered the read-address request (" + detail
                + "); narrowing with abbreviated addresses");
        AddressSearch.Result result = AddressSearch.below(6, 1, progress, found, this::atAbbreviated);
        if (result.finished() && !result.firstAnswers()) {
            throw new DeviceException(Kind.CONFIG, several + ", but none answered a read at an abbreviated address"
                    + " (AAAAAAAAAA00..AAAAAAAAAA99, DL/T 645-2007 §4.2): these meters do not honour abbreviated"
                    + " addressing; give scanFrom and scanTo or scanAddresses to probe them one by one");
        }
        return found;
    }

    /** A read of forward active energy at the abbreviated address with these known low digits. */
    private AddressSearch.Answer atAbbreviated(String lowDigits) throws DeviceException {
        MeterAddress pattern = MeterAddress.abbreviated(lowDigits);
        Answer answer = ask(Dlt645Codec.readRequest(pattern, DataItem.FORWARD_ACTIVE_ENERGY, settings.wakeUp()), pattern);
        return switch (answer.outcome()) {
            case SILENCE -> AddressSearch.Answer.nothing();
            case GARBLED -> AddressSearch.Answer.several(answer.detail());
            case ANSWER -> {
                MeterAddress meter;
                try {
                    meter = Dlt645Codec.parse(answer.reply()).address();
                } catch (FrameException e) {
                    yield AddressSearch.Answer.several(e.getMessage()); // ask() parsed it already
                }
                if (!meter.isExact()) {
                    yield AddressSearch.Answer.several("a reply with wildcards in its address: "
                            + Dlt645Codec.hex(answer.reply()));
                }
                yield AddressSearch.Answer.one(new FoundDevice(meter.text(), describeEnergyReply(answer.reply())));
            }
        };
    }

    /** The meter's own address from a read-address reply, or null when the reply is not one. */
    private static MeterAddress addressIn(Answer answer) {
        try {
            return Dlt645Codec.decodeReadAddressReply(Dlt645Codec.parse(answer.reply()));
        } catch (FrameException e) {
            return null;
        }
    }

    /** A read of forward active energy at {@code address}; null when nothing answers. */
    private FoundDevice probe(MeterAddress address) throws DeviceException {
        Answer answer = ask(Dlt645Codec.readRequest(address, DataItem.FORWARD_ACTIVE_ENERGY, settings.wakeUp()), address);
        return switch (answer.outcome()) {
            case SILENCE -> null;
            case GARBLED -> new FoundDevice(address.text(), "garbled reply: " + answer.detail()
                    + " (two meters with this address, or noise)");
            case ANSWER -> new FoundDevice(address.text(), describeEnergyReply(answer.reply()));
        };
    }

    /** The energy reading of a meter just found, as its description (one more request). */
    private String energyOf(MeterAddress address) throws DeviceException {
        Answer answer = ask(Dlt645Codec.readRequest(address, DataItem.FORWARD_ACTIVE_ENERGY, settings.wakeUp()), address);
        return switch (answer.outcome()) {
            case SILENCE -> "no answer to a read of electric.energy";
            case GARBLED -> "garbled answer to a read of electric.energy: " + answer.detail();
            case ANSWER -> describeEnergyReply(answer.reply());
        };
    }

    private static String describeEnergyReply(byte[] reply) {
        try {
            Dlt645Codec.ReadReply read = Dlt645Codec.decodeReadReply(Dlt645Codec.parse(reply));
            return read.item().point() + " " + read.value().toPlainString() + " kWh";
        } catch (FrameException e) {
            return e.kind() == Kind.NAK ? "answered with an error reply: " + e.getMessage()
                    : "reply does not decode: " + e.getMessage() + " [" + Dlt645Codec.hex(reply) + "]";
        }
    }

    /**
     * One exchange, skipping the echo of the request (any frame from a master: direction bit
     * clear) and replies from meters {@code from} does not reach (null: any meter; an exact
     * address reaches only itself, an abbreviated one the meters ending in its known bytes).
     */
    private Answer ask(byte[] request, MeterAddress from) throws DeviceException {
        try {
            byte[] reply = link.exchange(request, Dlt645Codec.BOUNDARY, settings.timeout(), frame -> isAnswer(frame, from));
            try {
                Dlt645Codec.parse(reply);
                return new Answer(Outcome.ANSWER, reply, "");
            } catch (FrameException e) {
                awaitSilence();
                return new Answer(Outcome.GARBLED, reply, e.getMessage());
            }
        } catch (LinkTimeoutException e) {
            byte[] partial = e.partial();
            if (partial.length == 0) {
                return new Answer(Outcome.SILENCE, partial, "");
            }
            awaitSilence();
            return new Answer(Outcome.GARBLED, partial, "partial frame " + Dlt645Codec.hex(partial));
        } catch (IOException e) {
            throw new DeviceException(Kind.IO, label + ": " + e.getMessage(), e);
        }
    }

    /** After a garbled answer (a collision, noise): let its tail pass before the next request. */
    private void awaitSilence() throws DeviceException {
        try {
            if (!link.awaitSilence(QUIET, settings.timeout())) {
                LOG.log(System.Logger.Level.WARNING, "{0}: the line is still busy after {1} ms", label,
                        settings.timeout().toMillis());
            }
        } catch (IOException e) {
            throw new DeviceException(Kind.IO, label + ": " + e.getMessage(), e);
        }
    }

    private boolean isAnswer(byte[] bytes, MeterAddress from) {
        Dlt645Frame frame;
        try {
            frame = Dlt645Codec.parse(bytes);
        } catch (FrameException garbled) {
            return true; // reported as garbled
        }
        if (!frame.isReply() || (from != null && !from.reaches(frame.address()))) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: skipped {1}", label, Dlt645Codec.hex(bytes));
            return false;
        }
        return true;
    }

    private static DeviceException config(String where, String key, String problem) {
        return new DeviceException(Kind.CONFIG, where + ": settings." + key + ": " + problem);
    }
}
