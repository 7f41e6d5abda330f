package io.heathub.drivertest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.heathub.api.Reading;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.DriverInfo;
import io.heathub.api.driver.FoundDevice;
import io.heathub.api.driver.FrameDecoder;
import io.heathub.api.driver.FrameException;
import io.heathub.api.driver.LinkTimeoutException;
import io.heathub.testkit.Bytes;
import io.heathub.testkit.RecordingProgress;
import io.heathub.testkit.line.Reply;
import io.heathub.testkit.line.ScriptedDevice;
import io.heathub.testkit.line.ScriptedLine;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance kit: a driver's test class extends this and supplies {@link #spec()} (the
 * driver, its devices as scripted peers with the readings they must give, and what else the driver
 * has: a frame decoder, a scan, commands). Every test method is one rule of the driver contract
 * ({@code docs/driver-guide.md}); a failure says what the driver did and what it should do.
 *
 * <p>The line is a {@link ScriptedLine} on a virtual clock: timeouts cost no real time. The kit
 * plays the hub's part where the contract depends on it: it hands the bus {@code timeout:} to the
 * driver as the {@code timeout} setting, and after a garbled reply it lets the line go quiet
 * ({@code awaitSilence}) before the next poll, as the bus worker does.
 */
@ExtendWith(JazzerRegressionMode.class)
public abstract class DriverConformance {
    /** The kinds a poll may fail with when the reply is damaged, garbage or another device's. */
    private static final Set<Kind> GARBLED = EnumSet.of(Kind.TIMEOUT, Kind.CHECKSUM, Kind.MALFORMED);
    /** Real time a poll may take on a line that answers at once: a driver never sleeps. */
    private static final Duration REAL_TIME_LIMIT = Duration.ofSeconds(2);
    /** As the bus worker: quiet time awaited after a garbled reply. */
    private static final Duration QUIET_AFTER_GARBAGE = Duration.ofMillis(100);
    /** Virtual time a silent poll may take beyond its timeouts (wake-up bytes, a quiet wait). */
    private static final Duration SILENT_SLACK = Duration.ofMillis(250);

    @TempDir
    Path kitConfigDir;

    private ConformanceSpec spec;
    private DeviceDriver driver;
    private final Map<Integer, Baseline> baselines = new HashMap<>();

    /** The driver and its devices; called once per check. */
    protected abstract ConformanceSpec spec();

    /** What a poll did: readings, or an error, or a crash; and how long it took. */
    private record Poll(List<Reading> readings, DeviceException error, RuntimeException crash, Duration lineTime,
                        Duration realTime, Instant start, Instant end) {
        String outcome() {
            if (crash != null) {
                return "threw " + crash;
            }
            if (error != null) {
                return "failed with " + error.kind() + ": " + error.getMessage();
            }
            return "returned " + Judge.describe(readings);
        }
    }

    /** A good poll of one device alone on a line: what the device heard and answered. */
    private record Baseline(List<StagedDevice.Exchange> exchanges, List<Reading> readings) {
        /** Indexes of the requests the device answered. */
        List<Integer> answered() {
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < exchanges.size(); i++) {
                if (!exchanges.get(i).reply().isSilent()) {
                    indexes.add(i);
                }
            }
            return indexes;
        }

        List<byte[]> replies() {
            return answered().stream().map(i -> exchanges.get(i).reply().bytes()).toList();
        }
    }

    // --- the driver's identity ------------------------------------------------------------------

    @Test
    void driverInfoNamesTheDriverAndDocumentsItsSettings() {
        DriverInfo info = driver().info();
        List<String> problems = new ArrayList<>();
        if (info == null) {
            fail("info() returned null: return a DriverInfo(id, name, protocol, settings)");
        }
        if (info.id() == null || !info.id().matches("[a-z][a-z0-9-]*")) {
            problems.add("id \"" + info.id() + "\" is not a lower-case word (devices name it as driver: in site.yaml)");
        }
        if (info.name() == null || info.name().isBlank()) {
            problems.add("name is empty");
        }
        if (info.protocol() == null || info.protocol().isBlank()) {
            problems.add("protocol is empty");
        }
        Set<String> used = new TreeSet<>();
        used.add("timeout");
        facts().devices().forEach(d -> used.addAll(d.settings().keySet()));
        facts().scanSettings().ifPresent(s -> used.addAll(s.keySet()));
        for (String key : used) {
            String doc = info.settings().get(key);
            if (doc == null || doc.isBlank()) {
                problems.add("setting \"" + key + "\" is used but not described in DriverInfo.settings()"
                        + (key.equals("timeout") ? " (the hub always passes timeout: the bus timeout: unless the"
                        + " device sets its own)" : ""));
            }
        }
        failIf(problems, "DriverInfo");
    }

    // --- open -----------------------------------------------------------------------------------

    @Test
    void openSendsAtMostOneFrame() {
        for (int i = 0; i < facts().devices().size(); i++) {
            ScriptedLine line = line(facts().devices().get(i).peer());
            open(i, line);
            if (line.sent().size() > 1) {
                fail(who(i) + ": open() sent " + line.sent().size() + " frames " + line.sentHex() + "; open checks the"
                        + " address and settings and may do at most a light handshake: the hub opens every device at"
                        + " start-up and after each site change");
            }
        }
    }

    @Test
    void openRefusesABadAddressAsAConfigError() {
        KitDevice device = facts().devices().get(0);
        String bad = facts().invalidAddress();
        DeviceConfig config = config(device, id(0), bad, Map.of());
        expectConfigError(config, "address", "address \"" + bad + "\"");
    }

    /**
     * The hub and {@code bin/heathub check} call {@code validate} when the site is read, to place a
     * bad address at its line in site.yaml: a driver that checks only in {@code open} leaves that
     * mistake to show up as a device in CONFIG_ERROR once the hub runs.
     */
    @Test
    void validateRefusesABadAddressWithoutALink() {
        KitDevice device = facts().devices().get(0);
        String bad = facts().invalidAddress();
        expectValidateRefuses(config(device, id(0), bad, Map.of()), "address \"" + bad + "\"");
    }

    /** An empty address reaches the driver as "" (core leaves the judgement to the protocol). */
    @Test
    void anEmptyAddressIsRefusedUnlessTheProtocolHasOne() {
        org.junit.jupiter.api.Assumptions.assumeTrue(facts().emptyAddressAllowedBecause().isEmpty(),
                () -> "the protocol has a device without an address: " + facts().emptyAddressAllowedBecause().get());
        KitDevice device = facts().devices().get(0);
        DeviceConfig config = config(device, id(0), "", Map.of());
        expectConfigError(config, "address", "an empty address");
        expectValidateRefuses(config, "an empty address");
    }

    private void expectValidateRefuses(DeviceConfig config, String what) {
        try {
            driver().validate(config);
            fail("validate() accepted " + what + " that open() refuses; override DeviceDriver.validate with the checks"
                    + " of open that need no link, so bin/heathub check and the hub place the mistake at its line in"
                    + " site.yaml");
        } catch (DeviceException e) {
            if (e.kind() != Kind.CONFIG || e.getMessage() == null || !e.getMessage().contains("address")) {
                fail("validate() refused " + what + " with kind " + e.kind() + " and message \"" + e.getMessage()
                        + "\"; expected kind CONFIG naming the field address");
            }
            failIf(judge().messageProblems(e, config.id(), null), "validate() refused " + what);
        } catch (RuntimeException e) {
            fail("validate() threw " + e + " for " + what + "; refuse it with DeviceException kind CONFIG");
        }
    }

    @Test
    void openRefusesABadTimeoutAsAConfigError() {
        KitDevice device = facts().devices().get(0);
        DeviceConfig config = config(device, id(0), device.address(), Map.of("timeout", "soon"));
        expectConfigError(config, "timeout", "timeout \"soon\"");
    }

    private void expectConfigError(DeviceConfig config, String field, String what) {
        ScriptedLine line = line(facts().devices().get(0).peer());
        try {
            DeviceSession session = driver().open(config, line);
            session.close();
            fail("open() accepted " + what + "; refuse it with DeviceException kind CONFIG naming the field ("
                    + field + ") so the integrator sees the mistake at start-up, not at every poll");
        } catch (DeviceException e) {
            if (e.kind() != Kind.CONFIG) {
                fail("open() refused " + what + " with kind " + e.kind() + "; a setting that cannot work is kind"
                        + " CONFIG (the hub then stops retrying until the site changes)");
            }
            if (e.getMessage() == null || !e.getMessage().contains(field)) {
                fail("open() refused " + what + " but its message does not name the field \"" + field + "\": "
                        + e.getMessage());
            }
            failIf(judge().messageProblems(e, config.id(), null), "open() refused " + what);
        } catch (RuntimeException e) {
            fail("open() threw " + e + " for " + what + "; refuse it with DeviceException kind CONFIG");
        }
        if (!line.sent().isEmpty()) {
            fail("open() sent " + line.sentHex() + " while refusing " + what + ": check the settings before any I/O");
        }
    }

    // --- polls ----------------------------------------------------------------------------------

    @Test
    void pollGivesTheExpectedReadings() {
        for (int i = 0; i < facts().devices().size(); i++) {
            baseline(i);
            ScriptedLine line = line(facts().devices().get(i).peer());
            DeviceSession session = open(i, line);
            for (int round = 1; round <= 3; round++) {
                Poll poll = poll(session, line, Set.of());
                expectReadings(i, poll, "poll " + round + " of the same session");
                if (round > 1 && poll.realTime().compareTo(REAL_TIME_LIMIT) > 0) {
                    fail(who(i) + ": a poll took " + poll.realTime().toMillis() + " ms of real time on a line that"
                            + " answers at once: a driver must not sleep; wait on the line instead (Link.exchange,"
                            + " Link.awaitSilence), so the kit's virtual clock and the hub's timeout apply");
                }
            }
            if (line.closes() > 0) {
                fail(who(i) + ": the session closed the link during polls; the link is the bus's, the hub closes it");
            }
        }
    }

    @Test
    void readOfSomePointsGivesThosePoints() {
        KitDevice device = facts().devices().get(0);
        baseline(0);
        String wanted = device.expected().get(0).point();
        ScriptedLine line = line(device.peer());
        DeviceSession session = open(0, line);
        Poll poll = poll(session, line, Set.of(wanted));
        if (poll.readings() == null) {
            fail(who(0) + ": read(Set.of(\"" + wanted + "\")) " + poll.outcome());
        }
        Set<String> points = poll.readings().stream().map(Reading::point).collect(Collectors.toCollection(TreeSet::new));
        if (!points.equals(Set.of(wanted))) {
            fail(who(0) + ": read(Set.of(\"" + wanted + "\")) gave points " + points + "; give the points wanted"
                    + " (all of them for an empty set), no others");
        }
    }

    @Test
    void silentDeviceTimesOutWithinTheBusTimeout() {
        for (int i = 0; i < facts().devices().size(); i++) {
            for (Duration timeout : List.of(facts().timeout(), facts().timeout().multipliedBy(3))) {
                ScriptedLine line = line();
                KitDevice device = facts().devices().get(i);
                DeviceConfig config = config(device, id(i), device.address(), Map.of("timeout", millis(timeout)));
                DeviceSession session = open(config, line, who(i));
                Poll poll = poll(session, line, Set.of());
                String context = who(i) + " on a line where nothing answers, timeout " + millis(timeout);
                if (poll.error() == null || poll.error().kind() != Kind.TIMEOUT) {
                    fail(context + ": the poll " + poll.outcome() + "; expected DeviceException kind TIMEOUT (no"
                            + " reply in time: the hub counts it as a timeout and backs the device off)");
                }
                Duration limit = timeout.multipliedBy(facts().silentPollTimeouts()).plus(SILENT_SLACK);
                if (poll.lineTime().compareTo(timeout) < 0) {
                    fail(context + ": the poll gave up after " + poll.lineTime().toMillis() + " ms; wait the"
                            + " configured timeout (the timeout setting, i.e. the bus timeout:) for a reply");
                }
                if (poll.lineTime().compareTo(limit) > 0) {
                    fail(context + ": the poll held the line for " + poll.lineTime().toMillis() + " ms, more than "
                            + facts().silentPollTimeouts() + " × the timeout: give up at the first request nobody"
                            + " answers, do not retry (the hub retries, backed off); a protocol whose first step is"
                            + " normally unanswered declares ConformanceSpec.silentPollTimeouts(2)");
                }
                failIf(judge().messageProblems(poll.error(), id(i), null), context + ": the TIMEOUT message");
            }
        }
    }

    @Test
    void pollSkipsTheEchoOfItsRequest() {
        for (int i = 0; i < facts().devices().size(); i++) {
            baseline(i);
            ScriptedLine line = line(facts().devices().get(i).peer()).echo();
            DeviceSession session = open(i, line);
            for (int round = 1; round <= 2; round++) {
                expectReadings(i, poll(session, line, Set.of()), "with every request echoed (a half-duplex RS-485"
                        + " adapter hears itself), poll " + round + ": skip a frame that is the request itself");
            }
        }
    }

    @Test
    void silenceAfterAPartOfThePollIsATimeout() {
        forEachAnsweredRequest((i, k, reply) -> List.of(new Fault("request " + (k + 1) + " of the poll unanswered",
                r -> Reply.silence(), EnumSet.of(Kind.TIMEOUT))));
    }

    @Test
    void truncatedRepliesAreErrors() {
        forEachAnsweredRequest((i, k, reply) -> {
            List<Fault> faults = new ArrayList<>();
            for (int length = 1; length < reply.length; length++) {
                int cut = length;
                faults.add(new Fault("reply to request " + (k + 1) + " cut after " + cut + " of " + reply.length
                        + " bytes", r -> r.isSilent() ? r : Reply.of(Bytes.truncated(r.bytes(),
                        Math.min(cut, r.bytes().length - 1))), GARBLED));
            }
            return faults;
        });
    }

    @Test
    void corruptedRepliesAreErrors() {
        forEachAnsweredRequest((i, k, reply) -> {
            List<Fault> faults = new ArrayList<>();
            for (int index = 0; index < reply.length; index++) {
                int at = index;
                int bit = index % 8;
                faults.add(new Fault("reply to request " + (k + 1) + " with bit " + bit + " of byte " + at
                        + " flipped (noise on the wire)", r -> r.isSilent() ? r : Reply.of(Bytes.flipped(r.bytes(),
                        Math.min(at, r.bytes().length - 1), bit)), GARBLED));
            }
            return faults;
        });
    }

    @Test
    void noiseIsAnError() {
        forEachAnsweredRequest((i, k, reply) -> {
            List<Fault> faults = new ArrayList<>();
            for (int length : new int[] {1, 7, reply.length, 64}) {
                for (long seed = 1; seed <= 3; seed++) {
                    byte[] noise = Bytes.noise(length, seed * 31 + length);
                    faults.add(new Fault("noise " + Bytes.hex(head(noise)) + "… (" + length + " bytes) instead of"
                            + " the reply to request " + (k + 1), r -> Reply.of(noise), GARBLED));
                }
            }
            byte[] burst = Bytes.noise(5, 99);
            faults.add(new Fault("5 bytes of noise (" + Bytes.hex(burst) + ") just before the reply to request "
                    + (k + 1), r -> Reply.of(burst).then(Duration.ofMillis(20), r.bytes()), GARBLED));
            return faults;
        });
    }

    @Test
    void foreignFramesAreSkippedOrErrors() {
        String protocol = driver().info().protocol();
        forEachAnsweredRequest((i, k, reply) -> {
            List<Fault> faults = new ArrayList<>();
            for (ForeignDevice other : ForeignDevice.besides(protocol)) {
                faults.add(new Fault("the reply of a " + other.name() + " instead of the reply to request " + (k + 1),
                        r -> Reply.of(other.reply()), GARBLED));
                faults.add(new Fault("the late reply of a " + other.name() + " arriving just before the reply to"
                        + " request " + (k + 1), r -> Reply.of(other.reply()).then(Duration.ofMillis(40), r.bytes()),
                        GARBLED));
            }
            if (facts().devices().size() > 1) {
                int neighbour = i == 0 ? 1 : 0;
                List<StagedDevice.Exchange> theirs = baseline(neighbour).exchanges();
                if (k < theirs.size() && !theirs.get(k).reply().isSilent()) {
                    byte[] late = theirs.get(k).reply().bytes();
                    faults.add(new Fault("the late reply of " + who(neighbour) + " (" + Bytes.hex(head(late))
                            + "…) arriving just before the reply to request " + (k + 1) + ": check that a reply comes"
                            + " from the device asked", r -> Reply.of(late).then(Duration.ofMillis(40), r.bytes()),
                            GARBLED));
                }
            }
            return faults;
        });
    }

    @Test
    void sharedLineWithOtherDriversDevices() throws IOException {
        List<KitDevice> devices = facts().devices();
        for (int i = 0; i < devices.size(); i++) {
            baseline(i);
        }
        List<ForeignDevice> others = ForeignDevice.besides(driver().info().protocol());
        List<StagedDevice> staged = devices.stream().map(d -> new StagedDevice(d.peer())).toList();
        staged.forEach(s -> s.turnaround(Duration.ofMillis(60)));
        List<ScriptedDevice> onLine = new ArrayList<>(staged);
        others.forEach(o -> onLine.add(o.answeringAfter(Duration.ZERO)));
        ScriptedLine line = line(onLine.toArray(ScriptedDevice[]::new));
        List<DeviceSession> sessions = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            sessions.add(open(config(i), line, who(i)));
        }
        String shared = "on a line shared by " + devices.size() + " of its devices and " + others.size()
                + " devices of other drivers";
        for (int i = 0; i < devices.size(); i++) {
            expectReadings(i, poll(sessions.get(i), line, Set.of()), shared);
        }
        for (ForeignDevice other : others) {
            byte[] answer = otherDriverExchange(line, other);
            if (answer == null) {
                fail("another driver's request to a " + other.name() + " (" + Bytes.hex(other.request()) + ") got no"
                        + " answer on the shared line: a scripted device of this driver answered it too and the"
                        + " replies collided (" + line.collisions() + " collisions). Scripted devices must answer only"
                        + " frames addressed to them and ignore what they cannot parse, as real devices do");
            }
            for (int i = 0; i < devices.size(); i++) {
                expectReadings(i, poll(sessions.get(i), line, Set.of()), shared + ", after another driver's exchange with a "
                        + other.name());
            }
        }
        // Another driver gives up on a slow meter; its late reply arrives in the middle of our poll.
        Duration late = facts().timeout().plus(Duration.ofMillis(20));
        List<ScriptedDevice> lateLine = new ArrayList<>(staged);
        others.forEach(o -> lateLine.add(o.answeringAfter(late)));
        line.devices(lateLine.toArray(ScriptedDevice[]::new));
        int next = 0;
        for (ForeignDevice other : others) {
            otherDriverExchange(line, other);
            int i = next++ % devices.size();
            String what = who(i) + " " + shared + ": a " + other.name() + " answered another driver too late, in the"
                    + " middle of this poll";
            Poll poll = poll(sessions.get(i), line, Set.of());
            judgeFaulty(what, i, poll, other.reply(), GARBLED);
            afterFailureAsTheHubDoes(line, poll);
            expectReadings(i, poll(sessions.get(i), line, Set.of()), shared + ", the poll after one disturbed by another"
                    + " driver's late reply");
        }
    }

    /** The kit as another driver on the line: one exchange with a foreign device; null on timeout. */
    private byte[] otherDriverExchange(ScriptedLine line, ForeignDevice other) throws IOException {
        int length = other.reply().length;
        try {
            return line.exchange(other.request(), (buffer, received) -> length, facts().timeout(), frame -> true);
        } catch (LinkTimeoutException e) {
            return null;
        }
    }

    // --- the frame decoder ----------------------------------------------------------------------

    @Test
    void decoderAgreesWithThePoll() {
        FrameDecoder decoder = requireDecoder();
        if (decoder.protocol() == null || !decoder.protocol().equals(driver().info().protocol())) {
            fail("the decoder's protocol() is \"" + decoder.protocol() + "\", the driver's info().protocol() \""
                    + driver().info().protocol() + "\": decode --protocol and the driver must use one name");
        }
        int decoded = 0;
        for (int i = 0; i < facts().devices().size(); i++) {
            Baseline baseline = baseline(i);
            Map<String, ExpectedReading> expected = new HashMap<>();
            facts().devices().get(i).expected().forEach(e -> expected.put(e.point(), e));
            for (byte[] reply : baseline.replies()) {
                List<Reading> readings = decodeOrExplain(decoder, reply, "a reply " + who(i) + " gave to a poll");
                if (readings == null) {
                    continue;
                }
                decoded++;
                failIf(judge().shapeProblems(readings, readings.isEmpty() ? "" : readings.get(0).device()).stream()
                        .filter(p -> !p.contains("names device")).toList(), "decoding " + Bytes.hex(reply));
                for (Reading r : readings) {
                    ExpectedReading e = expected.get(r.point());
                    if (e != null && (e.value().compareTo(r.value()) != 0 || e.unit() != r.unit())) {
                        fail("the decoder makes " + r.point() + " " + r.value().toPlainString() + " " + r.unit().symbol()
                                + " of " + Bytes.hex(reply) + ", the poll " + e.describe() + ": decoder and driver"
                                + " must share one decoding");
                    }
                }
            }
        }
        if (decoded == 0) {
            fail("the decoder decoded none of the replies the devices gave to a poll (each threw a FrameException);"
                    + " bin/heathub decode would be of no use for this driver");
        }
    }

    @Test
    void decoderAnswersDamagedFramesWithAFrameException() {
        FrameDecoder decoder = requireDecoder();
        String protocol = driver().info().protocol();
        for (int i = 0; i < facts().devices().size(); i++) {
            for (byte[] reply : baseline(i).replies()) {
                List<Reading> genuine = decodeQuietly(decoder, reply);
                List<byte[]> variants = new ArrayList<>();
                variants.add(new byte[0]);
                for (int length = 1; length < reply.length; length++) {
                    variants.add(Bytes.truncated(reply, length));
                }
                for (int index = 0; index < reply.length; index++) {
                    variants.add(Bytes.flipped(reply, index, index % 8));
                }
                for (int length : new int[] {1, 7, reply.length, 300}) {
                    variants.add(Bytes.noise(length, length));
                }
                ForeignDevice.besides(protocol).forEach(o -> variants.add(o.reply()));
                for (byte[] variant : variants) {
                    List<Reading> readings = decodeOrExplain(decoder, variant, "a damaged frame");
                    if (readings != null && !sameValues(readings, genuine)) {
                        fail("the decoder made readings " + Judge.describe(readings) + " of the damaged frame "
                                + Bytes.hex(variant) + " (the intact frame is " + Bytes.hex(reply) + "): a frame that"
                                + " does not check out is a FrameException, never a value");
                    }
                }
            }
        }
    }

    /**
     * Jazzer: any bytes (and the devices' replies changed by the fuzzer) give the decoder's
     * readings or a {@link FrameException}. In a normal build the seeds run: the empty input (the
     * first device's reply) and the files in {@code src/test/resources/<package>/<TestClass>Inputs/
     * decoderFuzz/}; {@code JAZZER_FUZZ=1 mvn test -Dtest=<TestClass>#decoderFuzz} fuzzes.
     */
    @FuzzTest(maxDuration = "3m")
    void decoderFuzz(FuzzedDataProvider data) {
        Optional<FrameDecoder> decoder = facts().decoder();
        if (decoder.isEmpty()) {
            return; // no decoder: pollFuzz covers the driver's own decoding
        }
        List<byte[]> replies = baseline(0).replies();
        byte[] frame = mutate(data, replies.get(data.consumeInt(0, replies.size() - 1)));
        decodeOrExplain(decoder.get(), frame, "fuzzed input");
    }

    /**
     * Jazzer: whatever comes back to a request of a poll (the reply changed by the fuzzer), the
     * poll gives the device's readings or a DeviceException of a garbled kind, never a crash.
     */
    @FuzzTest(maxDuration = "3m")
    void pollFuzz(FuzzedDataProvider data) {
        List<Integer> answered = baseline(0).answered();
        int k = answered.get(data.consumeInt(0, answered.size() - 1));
        StagedDevice staged = new StagedDevice(facts().devices().get(0).peer());
        ScriptedLine line = line(staged);
        DeviceSession session = open(0, line);
        staged.arm(k, r -> Reply.of(mutate(data, r.bytes())));
        Poll poll = poll(session, line, Set.of());
        String what = who(0) + ": fuzzed reply " + (staged.delivered() == null ? "" : Bytes.hex(staged.delivered()))
                + " to request " + (k + 1);
        if (poll.crash() != null) {
            throw new AssertionError(what + ": read() threw " + poll.crash() + "; bad input from the line is a"
                    + " DeviceException", poll.crash());
        }
        if (poll.readings() != null) {
            // a fuzzed frame may be a valid one with other values (the checksum repaired): only its shape is judged
            failIf(judge().shapeProblems(poll.readings(), id(0)), what + ": the poll returned "
                    + Judge.describe(poll.readings()));
        } else if (poll.error().kind() == Kind.CONFIG || poll.error().kind() == Kind.IO) {
            fail(what + ": the poll failed with kind " + poll.error().kind() + ". " + kindMeaning(poll.error().kind()));
        }
    }

    // --- scans ----------------------------------------------------------------------------------

    @Test
    void scanFindsEveryDeviceAndReportsProgress() throws IOException {
        ScriptedLine line = sharedLine(false);
        if (facts().scanSettings().isEmpty()) {
            try {
                List<FoundDevice> found = driver().scan(line, Map.of(), RecordingProgress.recording());
                fail("scan() returned " + found + " but the spec declares no scan: declare"
                        + " ConformanceSpec.scan(settings) so the kit checks it, or leave scan() to the default");
            } catch (DeviceException e) {
                if (e.kind() != Kind.CONFIG) {
                    fail("a driver that cannot scan refuses with kind CONFIG, not " + e.kind());
                }
                return;
            }
        }
        for (boolean echo : new boolean[] {false, true}) {
            line = sharedLine(echo);
            RecordingProgress progress = RecordingProgress.recording();
            List<FoundDevice> found = scan(line, progress, echo ? "with every request echoed" : "");
            Set<String> expected = facts().devices().stream().map(KitDevice::scannedAddress)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> addresses = found.stream().map(FoundDevice::address).collect(Collectors.toCollection(TreeSet::new));
            if (!addresses.equals(expected) || found.size() != expected.size()) {
                fail("the scan" + (echo ? " with every request echoed" : "") + " found " + found.stream()
                        .map(FoundDevice::address).toList() + ", expected " + expected + " (each once)");
            }
            checkProgress(progress);
        }
        for (int i = 0; i < facts().devices().size(); i++) {
            KitDevice device = facts().devices().get(i);
            DeviceConfig config = config(device, id(i), device.scannedAddress(), Map.of());
            ScriptedLine alone = line(device.peer());
            DeviceSession session = open(config, alone, who(i) + " at the address the scan reported ("
                    + device.scannedAddress() + ")");
            expectReadings(i, poll(session, alone, Set.of()), "opened at the address the scan reported ("
                    + device.scannedAddress() + "): a found address is what goes into site.yaml");
        }
    }

    @Test
    void scanStopsWhenCancelled() throws IOException {
        assumeTrue(facts().scanSettings().isPresent(), "the driver declares no scan");
        ScriptedLine full = sharedLine(false);
        RecordingProgress all = RecordingProgress.recording();
        scan(full, all, "");
        assumeTrue(all.updates().size() > 1, "the scan of the kit's line takes one step: nothing to cancel");
        ScriptedLine line = sharedLine(false);
        RecordingProgress progress = RecordingProgress.cancellingAfter(1);
        List<FoundDevice> found = scan(line, progress, "cancelled after the first progress update");
        if (line.sent().size() >= full.sent().size()) {
            fail("the scan cancelled after its first progress update sent " + line.sent().size() + " frames, as many as"
                    + " a whole scan (" + full.sent().size() + "): check Progress.cancelled() between steps and return"
                    + " what was found so far");
        }
        Set<String> expected = facts().devices().stream().map(KitDevice::scannedAddress).collect(Collectors.toSet());
        for (FoundDevice d : found) {
            if (!expected.contains(d.address())) {
                fail("the cancelled scan reported " + d + ", which is not on the line");
            }
        }
    }

    @Test
    void scanOfALineWithoutItsDevicesFindsNothing() throws IOException {
        assumeTrue(facts().scanSettings().isPresent(), "the driver declares no scan");
        List<ScriptedDevice> others = new ArrayList<>();
        ForeignDevice.besides(driver().info().protocol()).forEach(o -> others.add(o.answeringAfter(Duration.ZERO)));
        ScriptedLine line = line(others.toArray(ScriptedDevice[]::new));
        RecordingProgress progress = RecordingProgress.recording();
        List<FoundDevice> found = scan(line, progress, "of a line with only other drivers' devices");
        if (!found.isEmpty()) {
            fail("the scan of a line with none of its devices (only other drivers' devices, which stay silent) found "
                    + found);
        }
        checkProgress(progress);
    }

    private List<FoundDevice> scan(ScriptedLine line, RecordingProgress progress, String how) {
        String what = "scan()" + (how.isEmpty() ? "" : " " + how);
        try {
            List<FoundDevice> found = driver().scan(line, facts().scanSettings().orElse(Map.of()), progress);
            if (found == null) {
                fail(what + " returned null; return the (maybe empty) list of devices found");
            }
            if (line.closes() > 0) {
                fail(what + " closed the link; the hub owns it");
            }
            return found;
        } catch (DeviceException e) {
            fail(what + " failed with " + e.kind() + ": " + e.getMessage() + "; a scan reports what answered and"
                    + " what did not in its result and progress, and fails only for settings (CONFIG)");
        } catch (IOException | RuntimeException e) {
            fail(what + " threw " + e);
        }
        return List.of();
    }

    private void checkProgress(RecordingProgress progress) {
        if (progress.updates().isEmpty()) {
            fail("the scan reported no progress: call Progress.update(done, total, message) after every step (a scan"
                    + " of a slow line takes minutes and the user watches it)");
        }
        long previous = -1;
        for (int i = 0; i < progress.updates().size(); i++) {
            long[] u = progress.updates().get(i);
            String message = progress.messages().get(i);
            if (u[0] < previous || (u[1] >= 0 && u[0] > u[1])) {
                fail("progress update " + (i + 1) + " says " + u[0] + " of " + u[1] + " after " + previous
                        + " done: done never goes back and never passes total");
            }
            if (message == null || message.isBlank()) {
                fail("progress update " + (i + 1) + " has no message; say what the step found");
            }
            previous = u[0];
        }
        long[] last = progress.last();
        if (last[1] >= 0 && last[0] != last[1]) {
            fail("the scan ended with progress " + last[0] + " of " + last[1] + ": the last update says all done");
        }
    }

    private ScriptedLine sharedLine(boolean echo) {
        List<ScriptedDevice> devices = new ArrayList<>();
        facts().devices().forEach(d -> devices.add(d.peer()));
        ForeignDevice.besides(driver().info().protocol()).forEach(o -> devices.add(o.answeringAfter(Duration.ZERO)));
        ScriptedLine line = line(devices.toArray(ScriptedDevice[]::new));
        return echo ? line.echo() : line;
    }

    // --- commands -------------------------------------------------------------------------------

    @Test
    void commandIsAcknowledgedAndReadBack() {
        assumeTrue(!facts().commands().isEmpty(), "the driver declares no commands");
        for (ConformanceSpec.CommandFact fact : facts().commands()) {
            KitDevice device = facts().devices().get(fact.device());
            ScriptedLine line = line(device.peer());
            DeviceSession session = open(fact.device(), line);
            Command command = new Command("kit-1", id(fact.device()), fact.point(), fact.value(), "conformance");
            CommandResult result = execute(session, command, who(fact.device()));
            String what = who(fact.device()) + ": command " + fact.point() + " = " + fact.value().toPlainString();
            if (result.status() != CommandResult.Status.DONE) {
                fail(what + " gave " + result.status() + " (" + result.message() + "), expected DONE");
            }
            if (!"kit-1".equals(result.requestId())) {
                fail(what + ": the result carries request id \"" + result.requestId() + "\", not the command's \"kit-1\"");
            }
            if (line.sent().isEmpty()) {
                fail(what + " was DONE with nothing sent to the device");
            }
            if (fact.readBack().isPresent()) {
                if (result.readBack().isEmpty() || result.readBack().get().compareTo(fact.readBack().get()) != 0) {
                    fail(what + ": read-back " + result.readBack().map(BigDecimal::toPlainString).orElse("missing")
                            + ", the device reports " + fact.readBack().get().toPlainString() + ": read the value back"
                            + " from the device after writing and return it in CommandResult.done(id, readBack)");
                }
            }
        }
    }

    @Test
    void commandToASilentDeviceFails() {
        assumeTrue(!facts().commands().isEmpty(), "the driver declares no commands");
        ConformanceSpec.CommandFact fact = facts().commands().get(0);
        ScriptedLine line = line();
        DeviceSession session = open(config(fact.device()), line, who(fact.device()));
        Command command = new Command("kit-2", id(fact.device()), fact.point(), fact.value(), "conformance");
        String what = who(fact.device()) + ": command " + fact.point() + " to a device that does not answer";
        try {
            CommandResult result = session.execute(command);
            if (result.status() != CommandResult.Status.FAILED) {
                fail(what + " gave " + result.status() + "; without an answer a command has FAILED (or throws TIMEOUT)");
            }
        } catch (DeviceException e) {
            if (e.kind() != Kind.TIMEOUT) {
                fail(what + " failed with kind " + e.kind() + ", expected TIMEOUT");
            }
        } catch (RuntimeException e) {
            fail(what + " threw " + e);
        }
    }

    @Test
    void commandForAPointTheDeviceLacksIsRefusedWithNothingSent() {
        ScriptedLine line = line(facts().devices().get(0).peer());
        DeviceSession session = open(0, line);
        Command command = new Command("kit-3", id(0), "kit.no.such.point", BigDecimal.ONE, "conformance");
        CommandResult result = execute(session, command, who(0));
        String what = who(0) + ": a command for point kit.no.such.point";
        if (result.status() != CommandResult.Status.REFUSED) {
            fail(what + " gave " + result.status() + " (" + result.message() + "), expected REFUSED");
        }
        if (result.message() == null || result.message().isBlank()) {
            fail(what + " was refused without a reason; say why (the operator sees it)");
        }
        if (!"kit-3".equals(result.requestId())) {
            fail(what + ": the result carries request id \"" + result.requestId() + "\", not the command's \"kit-3\"");
        }
        if (!line.sent().isEmpty()) {
            fail(what + " was refused after sending " + line.sentHex() + ": refuse before any I/O");
        }
    }

    private static CommandResult execute(DeviceSession session, Command command, String who) {
        try {
            CommandResult result = session.execute(command);
            if (result == null) {
                fail(who + ": execute() returned null");
            }
            return result;
        } catch (DeviceException e) {
            fail(who + ": execute(" + command.point() + ") failed with " + e.kind() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            fail(who + ": execute(" + command.point() + ") threw " + e);
        }
        return null;
    }

    // --- close ----------------------------------------------------------------------------------

    @Test
    void closeReleasesTheSessionAndLeavesTheLink() {
        int other = facts().devices().size() > 1 ? 1 : 0;
        List<ScriptedDevice> peers = new ArrayList<>();
        peers.add(facts().devices().get(0).peer());
        if (other != 0) {
            peers.add(facts().devices().get(other).peer());
        }
        baseline(0);
        baseline(other);
        ScriptedLine line = line(peers.toArray(ScriptedDevice[]::new));
        DeviceSession first = open(config(0), line, who(0));
        DeviceSession second = open(config(other), line, who(other));
        expectReadings(0, poll(first, line, Set.of()), "before close");
        try {
            first.close();
            first.close();
        } catch (RuntimeException e) {
            fail(who(0) + ": close() threw " + e + "; close must not throw (the hub closes sessions when a driver or"
                    + " the site changes) and may be called twice");
        }
        if (line.closes() > 0) {
            fail(who(0) + ": close() closed the link; the link is the bus's and other devices still use it");
        }
        expectReadings(other, poll(second, line, Set.of()), "after another session on the same line was closed");
    }

    // --- the bundle -----------------------------------------------------------------------------

    @Test
    void bundleProvidesTheDriverAsADsComponent() {
        Class<?> type = driver().getClass();
        BundleContents bundle = BundleContents.of(type, facts().bundleLocation());
        Manifest manifest = bundle.manifest().orElseThrow(() -> new AssertionError("no META-INF/MANIFEST.MF in "
                + bundle.location() + ": build the bundle with bnd-maven-plugin (goal bnd-process, which runs before"
                + " the tests) and the jar plugin using its manifest"));
        Attributes main = manifest.getMainAttributes();
        List<String> problems = new ArrayList<>();
        if (main.getValue("Bundle-SymbolicName") == null) {
            problems.add("the manifest has no Bundle-SymbolicName: it is not an OSGi bundle (bnd-maven-plugin)");
        }
        String header = main.getValue("Service-Component");
        if (header == null) {
            problems.add("the manifest has no Service-Component header: annotate " + type.getSimpleName()
                    + " with @Component(service = DeviceDriver.class) (org.osgi.service.component.annotations)");
        } else {
            List<BundleContents.Component> components = bundle.components(header);
            boolean provided = components.stream().anyMatch(c -> c.implementation().equals(type.getName())
                    && c.provides().contains(DeviceDriver.class.getName()));
            if (!provided) {
                problems.add("no DS component with implementation " + type.getName() + " provides "
                        + DeviceDriver.class.getName() + " (components: " + components + "); use"
                        + " @Component(service = DeviceDriver.class)");
            }
        }
        String imports = main.getValue("Import-Package");
        if (imports == null || !imports.contains("io.heathub.api.driver")) {
            problems.add("the manifest does not import io.heathub.api.driver (Import-Package: " + imports + ")");
        }
        if (bundle.contains("io/heathub/api/")) {
            problems.add("the bundle contains io/heathub/api classes: a copy of the API makes the hub ignore the"
                    + " driver (another DeviceDriver class); depend on heathub-api with scope provided");
        }
        failIf(problems, "the bundle at " + bundle.location());
    }

    @Test
    void offlineToolsFindTheDriverAndDecoder() {
        Class<?> type = driver().getClass();
        BundleContents bundle = BundleContents.of(type, facts().bundleLocation());
        List<String> problems = new ArrayList<>();
        checkService(bundle, DeviceDriver.class, type, problems);
        facts().decoder().ifPresent(d -> checkService(bundle, FrameDecoder.class, d.getClass(), problems));
        failIf(problems, "bin/heathub read/scan/decode load drivers with ServiceLoader");
    }

    private static void checkService(BundleContents bundle, Class<?> service, Class<?> type, List<String> problems) {
        List<String> listed = bundle.services(service.getName());
        if (!listed.contains(type.getName())) {
            problems.add("META-INF/services/" + service.getName() + " in " + bundle.location() + " lists " + listed
                    + ", not " + type.getName() + ": add the file (src/main/resources) with that line");
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            problems.add(type.getName() + " is not public");
        }
        try {
            if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
                problems.add(type.getName() + " has no public no-argument constructor");
            }
        } catch (NoSuchMethodException e) {
            problems.add(type.getName() + " has no public no-argument constructor (ServiceLoader needs one)");
        }
    }

    // --- machinery ------------------------------------------------------------------------------

    /** One way to disturb the answer to one request of a poll. */
    private record Fault(String what, UnaryOperator<Reply> change, Set<Kind> allowed) {
    }

    /** Faults for device {@code i}'s answer to request {@code k} (whose genuine reply is {@code reply}). */
    @FunctionalInterface
    private interface Faults {
        List<Fault> at(int device, int request, byte[] reply);
    }

    /**
     * For every device and every request of its poll that it answers: poll with each fault, judge
     * the outcome, let the line go quiet as the hub does, then check the next clean poll.
     */
    private void forEachAnsweredRequest(Faults faults) {
        for (int i = 0; i < facts().devices().size(); i++) {
            Baseline baseline = baseline(i);
            StagedDevice staged = new StagedDevice(facts().devices().get(i).peer());
            ScriptedLine line = line(staged);
            DeviceSession session = open(i, line);
            for (int k : baseline.answered()) {
                for (Fault fault : faults.at(i, k, baseline.exchanges().get(k).reply().bytes())) {
                    staged.arm(k, fault.change());
                    Poll poll = poll(session, line, Set.of());
                    judgeFaulty(who(i) + ", " + fault.what(), i, poll, staged.delivered(), fault.allowed());
                    afterFailureAsTheHubDoes(line, poll);
                    staged.reset();
                    expectReadings(i, poll(session, line, Set.of()), "the poll after one with " + fault.what()
                            + ": a failed poll must not leave the session broken");
                }
            }
        }
    }

    private void judgeFaulty(String what, int i, Poll poll, byte[] delivered, Set<Kind> allowed) {
        if (poll.crash() != null) {
            AssertionError error = new AssertionError(what + ": read() threw " + poll.crash() + "; bad input from the"
                    + " line is a DeviceException (the hub logs any other exception as a driver bug)", poll.crash());
            throw error;
        }
        if (poll.readings() != null) {
            List<String> differences = judge().differences(poll.readings(), facts().devices().get(i), id(i),
                    poll.start(), poll.end());
            if (!differences.isEmpty()) {
                fail(what + ": the poll returned " + Judge.describe(poll.readings()) + ", not what the device sent: "
                        + String.join("; ", differences) + ". A reply that does not check out fails the poll;"
                        + " never a made-up value");
            }
            return;
        }
        DeviceException e = poll.error();
        if (!allowed.contains(e.kind())) {
            fail(what + ": the poll failed with kind " + e.kind() + " (" + e.getMessage() + "); expected one of "
                    + allowed + ". " + kindMeaning(e.kind()));
        }
        failIf(judge().messageProblems(e, id(i), delivered), what + ": the " + e.kind() + " message \""
                + e.getMessage() + "\"");
    }

    private static String kindMeaning(Kind kind) {
        return switch (kind) {
            case CONFIG -> "CONFIG says retrying cannot help: the hub stops polling the device until the site changes.";
            case IO -> "IO says the link itself failed (port gone, connection refused), not the reply.";
            case NAK -> "NAK says the device answered with an error reply; a garbled frame is CHECKSUM or MALFORMED.";
            case TIMEOUT -> "TIMEOUT says no (complete) reply came in time.";
            case CHECKSUM -> "CHECKSUM says a reply's checksum or CRC was wrong.";
            case MALFORMED -> "MALFORMED says a reply did not parse.";
        };
    }

    /** The bus worker after a garbled reply: its tail may still be on the wire. */
    private void afterFailureAsTheHubDoes(ScriptedLine line, Poll poll) {
        if (poll.error() != null && (poll.error().kind() == Kind.CHECKSUM || poll.error().kind() == Kind.MALFORMED)) {
            try {
                line.awaitSilence(QUIET_AFTER_GARBAGE, facts().timeout());
            } catch (IOException e) {
                throw new AssertionError("the scripted line failed: " + e, e);
            }
        }
    }

    private Baseline baseline(int i) {
        Baseline known = baselines.get(i);
        if (known != null) {
            return known;
        }
        KitDevice device = facts().devices().get(i);
        if (device.expected().isEmpty()) {
            fail(who(i) + " has no expected readings: give them with KitDevice.expect(...)");
        }
        StagedDevice staged = new StagedDevice(device.peer());
        ScriptedLine line = line(staged);
        DeviceSession session = open(i, line);
        Poll poll = poll(session, line, Set.of());
        expectReadings(i, poll, "alone on a clean line");
        Baseline baseline = new Baseline(staged.heard(), poll.readings());
        if (baseline.answered().isEmpty()) {
            fail(who(i) + ": the poll succeeded, but the scripted device answered none of " + line.sentHex());
        }
        baselines.put(i, baseline);
        return baseline;
    }

    private void expectReadings(int i, Poll poll, String situation) {
        if (poll.readings() == null) {
            AssertionError error = new AssertionError(who(i) + " " + situation + ": the poll " + poll.outcome()
                    + "; expected " + facts().devices().get(i).expected().stream().map(ExpectedReading::describe).toList(),
                    poll.crash() != null ? poll.crash() : poll.error());
            throw error;
        }
        failIf(judge().differences(poll.readings(), facts().devices().get(i), id(i), poll.start(), poll.end()),
                who(i) + " " + situation + ", the poll returned " + Judge.describe(poll.readings()));
    }

    private static Poll poll(DeviceSession session, ScriptedLine line, Set<String> points) {
        Instant start = Instant.now();
        long wallStart = System.nanoTime();
        Duration lineStart = line.elapsed();
        List<Reading> readings = null;
        DeviceException error = null;
        RuntimeException crash = null;
        try {
            readings = session.read(points);
            if (readings == null) {
                crash = new NullPointerException("read() returned null; return an empty list when there is nothing");
                readings = null;
            }
        } catch (DeviceException e) {
            error = e;
        } catch (RuntimeException e) {
            crash = e;
        }
        return new Poll(readings, error, crash, line.elapsed().minus(lineStart),
                Duration.ofNanos(System.nanoTime() - wallStart), start, Instant.now());
    }

    private List<Reading> decodeOrExplain(FrameDecoder decoder, byte[] frame, String what) {
        try {
            List<Reading> readings = decoder.decode(frame, facts().decoderSettings(), Instant.parse("2026-01-01T00:00:00Z"));
            if (readings == null) {
                fail("the decoder returned null for " + what + " " + Bytes.hex(frame));
            }
            return readings;
        } catch (FrameException e) {
            if (e.offset() < -1 || e.offset() > frame.length) {
                fail("the decoder's FrameException for " + what + " " + Bytes.hex(frame) + " names offset " + e.offset()
                        + ", outside the " + frame.length + "-byte frame: " + e.getMessage());
            }
            if (e.kind() == Kind.TIMEOUT || e.kind() == Kind.IO) {
                fail("the decoder's FrameException for " + what + " has kind " + e.kind() + "; a frame that does not"
                        + " decode is CHECKSUM, MALFORMED or NAK (CONFIG for bad settings)");
            }
            return null;
        } catch (RuntimeException e) {
            throw new AssertionError("the decoder threw " + e + " for " + what + " " + Bytes.hex(frame)
                    + "; a frame that does not decode is a FrameException naming the byte offset", e);
        }
    }

    private List<Reading> decodeQuietly(FrameDecoder decoder, byte[] frame) {
        try {
            return decoder.decode(frame, facts().decoderSettings(), Instant.parse("2026-01-01T00:00:00Z"));
        } catch (FrameException | RuntimeException e) {
            return List.of();
        }
    }

    private static boolean sameValues(List<Reading> a, List<Reading> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Reading x = a.get(i);
            Reading y = b.get(i);
            if (!x.point().equals(y.point()) || x.value().compareTo(y.value()) != 0 || x.unit() != y.unit()
                    || x.quality() != y.quality()) {
                return false;
            }
        }
        return true;
    }

    private FrameDecoder requireDecoder() {
        assumeTrue(facts().decoder().isPresent(), "the driver declares no FrameDecoder");
        return facts().decoder().get();
    }

    /** The fuzzer's variant of a genuine frame: as is, bytes overwritten, cut short, or raw fuzz. */
    private byte[] mutate(FuzzedDataProvider data, byte[] genuine) {
        Optional<UnaryOperator<byte[]>> repair = facts().checksumRepair();
        byte[] frame;
        switch (data.consumeInt(0, 3)) {
            case 0 -> frame = genuine.clone();
            case 1 -> {
                frame = genuine.clone();
                int changes = data.consumeInt(0, 8);
                for (int c = 0; c < changes && frame.length > 0; c++) {
                    frame[data.consumeInt(0, frame.length - 1)] = data.consumeByte();
                }
            }
            case 2 -> frame = Bytes.truncated(genuine, data.consumeInt(0, genuine.length));
            default -> frame = data.consumeRemainingAsBytes();
        }
        if (repair.isPresent() && frame.length > 0 && data.consumeBoolean()) {
            try {
                frame = repair.get().apply(frame);
            } catch (RuntimeException tooShort) {
                // the repair cannot place a checksum in this frame: leave it as it is
            }
        }
        return frame;
    }

    private ConformanceSpec facts() {
        if (spec == null) {
            spec = spec();
            if (spec == null || spec.devices().isEmpty()) {
                fail("spec() must give the driver and at least one device (ConformanceSpec.of(...).device(...))");
            }
        }
        return spec;
    }

    private DeviceDriver driver() {
        if (driver == null) {
            driver = facts().newDriver();
        }
        return driver;
    }

    private Judge judge() {
        return new Judge(new PointVocabulary(facts().extraPoints()), facts().deviceIdAllowedBecause().orElse(null));
    }

    private String id(int i) {
        return facts().devices().get(i).id().orElse("kit-device-" + (i + 1));
    }

    private String who(int i) {
        return "device " + id(i) + " (address " + facts().devices().get(i).address() + ")";
    }

    private DeviceConfig config(int i) {
        KitDevice device = facts().devices().get(i);
        return config(device, id(i), device.address(), Map.of());
    }

    /** The device as the hub hands it over: the bus timeout is the timeout setting unless the device sets one. */
    private DeviceConfig config(KitDevice device, String deviceId, String address, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(device.settings());
        settings.putIfAbsent("timeout", millis(facts().timeout()));
        settings.putAll(overrides);
        Path configDir = facts().configDir().orElse(kitConfigDir == null ? Path.of(".") : kitConfigDir);
        return new DeviceConfig(deviceId, driver().info().id(), "kit-line", address, settings, Duration.ofMinutes(1),
                configDir, "conformance kit, " + deviceId);
    }

    private DeviceSession open(int i, ScriptedLine line) {
        return open(config(i), line, who(i));
    }

    private DeviceSession open(DeviceConfig config, ScriptedLine line, String who) {
        try {
            DeviceSession session = driver().open(config, line);
            if (session == null) {
                fail(who + ": open() returned null");
            }
            return session;
        } catch (DeviceException e) {
            throw new AssertionError(who + ": open() refused the device (" + e.kind() + ": " + e.getMessage()
                    + ") with settings " + config.settings(), e);
        } catch (RuntimeException e) {
            throw new AssertionError(who + ": open() threw " + e, e);
        }
    }

    private ScriptedLine line(ScriptedDevice... devices) {
        return ScriptedLine.of(devices).uri(facts().lineUri());
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }

    private static byte[] head(byte[] bytes) {
        return Bytes.truncated(bytes, Math.min(6, bytes.length));
    }

    private static void failIf(List<String> problems, String context) {
        if (!problems.isEmpty()) {
            fail(context + ": " + String.join("; ", new LinkedHashSet<>(problems)));
        }
    }

    private static void fail(String message) {
        throw new AssertionError(message);
    }
}
