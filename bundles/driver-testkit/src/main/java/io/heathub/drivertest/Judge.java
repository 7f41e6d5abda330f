package io.heathub.drivertest;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.driver.DeviceException;
import io.heathub.testkit.Bytes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Compares what a driver did with what it should have done, and says the difference in words. */
final class Judge {
    /** Longest message an error may carry: it ends up in logs and in every device status. */
    static final int MAX_MESSAGE = 4000;
    /** How far a poll-time stamp may lie outside the read() call (clock resolution, slow machines). */
    private static final Duration SLACK = Duration.ofSeconds(2);

    private final PointVocabulary vocabulary;
    private final String deviceIdAllowedBecause;

    Judge(PointVocabulary vocabulary, String deviceIdAllowedBecause) {
        this.vocabulary = vocabulary;
        this.deviceIdAllowedBecause = deviceIdAllowedBecause;
    }

    /** {@code [heat.energy 1234.56 kWh GOOD, …]}. */
    static String describe(List<Reading> readings) {
        return readings.stream().map(r -> r.point() + " " + r.value().toPlainString()
                        + (r.unit().symbol().isEmpty() ? "" : " " + r.unit().symbol()) + " " + r.quality()
                        + (r.reason().isEmpty() ? "" : " (" + r.reason() + ")"))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The problems of readings that are well-formed on their own: names, units, qualities, device id. */
    List<String> shapeProblems(List<Reading> readings, String deviceId) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Reading r : readings) {
            if (!r.device().equals(deviceId)) {
                problems.add("reading " + r.point() + " names device \"" + r.device() + "\", not the configured id \""
                        + deviceId + "\" (DeviceConfig.id(); the address belongs in the frame, not in the reading)");
            }
            vocabulary.problem(r.point(), r.unit()).ifPresent(problems::add);
            if (r.quality() != Quality.GOOD && r.reason().isBlank()) {
                problems.add("reading " + r.point() + " is " + r.quality() + " without a reason: say why in Reading.reason");
            }
            if (seen.merge(r.point(), 1, Integer::sum) == 2) {
                problems.add("point " + r.point() + " comes more than once in one poll");
            }
        }
        return problems;
    }

    /**
     * The differences between a poll's readings and the device's expected ones (every one, no
     * others, values numerically equal, the time as expected).
     */
    List<String> differences(List<Reading> readings, KitDevice device, String deviceId, Instant pollStart,
                             Instant pollEnd) {
        List<String> problems = shapeProblems(readings, deviceId);
        Map<String, Reading> byPoint = new LinkedHashMap<>();
        readings.forEach(r -> byPoint.putIfAbsent(r.point(), r));
        for (ExpectedReading e : device.expected()) {
            Reading r = byPoint.remove(e.point());
            if (r == null) {
                problems.add("missing " + e.describe());
                continue;
            }
            if (r.value().compareTo(e.value()) != 0 || r.unit() != e.unit()) {
                problems.add(e.point() + " is " + r.value().toPlainString() + " " + r.unit().symbol() + ", expected "
                        + e.value().toPlainString() + " " + e.unit().symbol());
            }
            if (r.quality() != e.quality()) {
                problems.add(e.point() + " has quality " + r.quality() + ", expected " + e.quality());
            }
            if (e.time().isPresent() && !r.time().equals(e.time().get())) {
                problems.add(e.point() + " is stamped " + r.time() + ", expected the device clock " + e.time().get());
            } else if (e.time().isEmpty() && (r.time().isBefore(pollStart.minus(SLACK)) || r.time().isAfter(pollEnd.plus(SLACK)))) {
                problems.add(e.point() + " is stamped " + r.time() + ", but the poll ran from " + pollStart + " to "
                        + pollEnd + ": a reading without a device clock carries the poll time (declare"
                        + " ExpectedReading.at(deviceClock) when the frame carries the time)");
            }
        }
        byPoint.values().forEach(r -> problems.add("unexpected reading " + r.point() + " " + r.value().toPlainString()
                + " " + r.unit().symbol() + " (not among the expected readings of the device)"));
        return problems;
    }

    /**
     * What is wrong with an error's message: blank, unbounded, naming the device the hub already
     * names, or (for a garbled reply) not showing the bytes.
     *
     * @param delivered the bytes the line delivered in place of the reply, or null
     */
    List<String> messageProblems(DeviceException e, String deviceId, byte[] delivered) {
        List<String> problems = new ArrayList<>();
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            problems.add("the message is empty: say what went wrong (which request, what came back)");
            return problems;
        }
        if (message.length() > MAX_MESSAGE) {
            problems.add("the message is " + message.length() + " characters long (at most " + MAX_MESSAGE
                    + "): bound what it quotes from the line");
        }
        if (deviceIdAllowedBecause == null && message.contains(deviceId)) {
            problems.add("the message names the device \"" + deviceId + "\"; the hub and the tools already name the"
                    + " device in front of every driver message, so it would read twice (name the request, the"
                    + " protocol address and the bytes instead)");
        }
        boolean garbled = e.kind() == DeviceException.Kind.CHECKSUM || e.kind() == DeviceException.Kind.MALFORMED;
        if (garbled && delivered != null && delivered.length > 0 && !showsBytes(message, delivered)) {
            problems.add("the message does not show the bytes that came back (e.g. " + Bytes.hex(head(delivered))
                    + "): put the reply in hex into CHECKSUM and MALFORMED messages so an integrator can find the fault");
        }
        return problems;
    }

    /**
     * True when the message shows bytes that came back in hex: 3 consecutive ones (all of them when
     * fewer), or the first byte as a hex word of its own (a frame boundary that stopped at a bad
     * start byte saw only that one).
     */
    static boolean showsBytes(String message, byte[] bytes) {
        String upper = message.toUpperCase(Locale.ROOT);
        String compact = upper.replaceAll("[\\s:,\\[\\]]", "").replace("0X", "");
        int window = Math.min(3, bytes.length);
        for (int i = 0; i + window <= bytes.length; i++) {
            byte[] part = new byte[window];
            System.arraycopy(bytes, i, part, 0, window);
            if (compact.contains(Bytes.hex(part).replace(" ", ""))) {
                return true;
            }
        }
        String first = Bytes.hex(new byte[] {bytes[0]});
        return Pattern.compile("(?<![0-9A-F])(0X)?" + first + "(?![0-9A-F])").matcher(upper).find();
    }

    private static byte[] head(byte[] bytes) {
        byte[] head = new byte[Math.min(8, bytes.length)];
        System.arraycopy(bytes, 0, head, 0, head.length);
        return head;
    }
}
