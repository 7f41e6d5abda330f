package io.heathub.transport;

import io.heathub.api.driver.LineSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A serial bus URI, checked: {@code serial:/dev/ttyUSB0?baud=2400&dataBits=8&parity=even&stopBits=1}.
 * Defaults follow CJ/T 188 and M-Bus practice (2400 baud, 8E1).
 *
 * @param path             the device, e.g. {@code /dev/ttyUSB0} or {@code COM3}
 * @param interByteTimeout the pause that ends a frame whose length cannot be known
 */
record SerialSettings(String path, int baud, int dataBits, Parity parity, StopBits stopBits,
                      Duration interByteTimeout, Duration reconnectDelay, Duration maxReconnectDelay) {

    static final int DEFAULT_BAUD = 2400;
    static final int DEFAULT_DATA_BITS = 8;
    static final Parity DEFAULT_PARITY = Parity.EVEN;
    static final StopBits DEFAULT_STOP_BITS = StopBits.ONE;
    /** Below this an inter-byte pause is lost in USB adapter and scheduler latency. */
    static final Duration MIN_INTER_BYTE_TIMEOUT = Duration.ofMillis(2);
    static final Set<String> OPTIONS = Set.of("baud", "dataBits", "parity", "stopBits", "interByteTimeout",
            "reconnectDelay", "maxReconnectDelay");

    enum Parity {
        NONE, EVEN, ODD, MARK, SPACE;

        String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    enum StopBits {
        ONE("1", 1.0), ONE_AND_HALF("1.5", 1.5), TWO("2", 2.0);

        final String text;
        final double bits;

        StopBits(String text, double bits) {
            this.text = text;
            this.bits = bits;
        }
    }

    /** Parses and checks a {@code serial:} URI; a mistake is an IllegalArgumentException naming it. */
    static SerialSettings parse(URI uri) {
        if (!"serial".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException(uri + ": not a serial URI; expected serial:/dev/ttyUSB0?baud=2400");
        }
        String path;
        String query;
        if (uri.isOpaque()) { // serial:COM3?baud=9600
            String ssp = uri.getSchemeSpecificPart();
            int q = ssp.indexOf('?');
            path = q < 0 ? ssp : ssp.substring(0, q);
            query = q < 0 ? null : ssp.substring(q + 1);
        } else {
            if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
                // serial://dev/ttyUSB0 reads "dev" as a host name
                throw new IllegalArgumentException(uri + ": a serial URI has no host part ('" + uri.getAuthority()
                        + "'); write serial:/dev/ttyUSB0 with a single slash");
            }
            path = uri.getPath();
            query = uri.getQuery();
        }
        if (path == null || path.isBlank() || path.equals("/")) {
            throw new IllegalArgumentException(uri + ": no serial device; expected serial:/dev/ttyUSB0");
        }
        Map<String, String> options = LinkUris.query(uri, query, OPTIONS);
        int baud = LinkUris.integer(uri, options, "baud", DEFAULT_BAUD, 50, 4_000_000);
        int dataBits = LinkUris.integer(uri, options, "dataBits", DEFAULT_DATA_BITS, 5, 8);
        Parity parity = Parity.valueOf(LinkUris.oneOf(uri, options, "parity", DEFAULT_PARITY.text(),
                List.of("none", "even", "odd", "mark", "space")).toUpperCase(java.util.Locale.ROOT));
        String stopText = LinkUris.oneOf(uri, options, "stopBits", DEFAULT_STOP_BITS.text, List.of("1", "1.5", "2"));
        StopBits stopBits = switch (stopText) {
            case "1.5" -> StopBits.ONE_AND_HALF;
            case "2" -> StopBits.TWO;
            default -> StopBits.ONE;
        };
        Duration interByteTimeout = LinkUris.positiveDuration(uri, options, "interByteTimeout",
                defaultInterByteTimeout(baud, dataBits, parity, stopBits));
        Duration reconnectDelay = LinkUris.duration(uri, options, "reconnectDelay", TcpLinkFactory.DEFAULT_RECONNECT_DELAY);
        Duration maxDelay = LinkUris.duration(uri, options, "maxReconnectDelay",
                TcpLinkFactory.DEFAULT_MAX_RECONNECT_DELAY);
        return new SerialSettings(path, baud, dataBits, parity, stopBits, interByteTimeout, reconnectDelay, maxDelay);
    }

    /**
     * 3.5 character times at this line setting (the Modbus RTU end-of-frame silence), rounded up
     * to whole milliseconds because reads wait in milliseconds, and at least 2 ms.
     */
    static Duration defaultInterByteTimeout(int baud, int dataBits, Parity parity, StopBits stopBits) {
        double bitsPerCharacter = 1 + dataBits + (parity == Parity.NONE ? 0 : 1) + stopBits.bits;
        long micros = (long) Math.ceil(3.5 * bitsPerCharacter * 1_000_000 / baud);
        long millis = (micros + 999) / 1000;
        return Duration.ofMillis(Math.max(MIN_INTER_BYTE_TIMEOUT.toMillis(), millis));
    }

    /** These settings with another baud rate, data bits, parity and stop bits (the rest kept). */
    SerialSettings withLine(LineSettings line) {
        Parity p = switch (line.parity()) {
            case EVEN -> Parity.EVEN;
            case ODD -> Parity.ODD;
            case NONE -> Parity.NONE;
        };
        return new SerialSettings(path, line.baud(), line.dataBits(), p, line.stopBits() == 2 ? StopBits.TWO : StopBits.ONE,
                interByteTimeout, reconnectDelay, maxReconnectDelay);
    }

    /** The line settings as the API writes them; empty for mark/space parity or 1.5 stop bits, which it cannot. */
    java.util.Optional<LineSettings> line() {
        if (parity == Parity.MARK || parity == Parity.SPACE || stopBits == StopBits.ONE_AND_HALF) {
            return java.util.Optional.empty();
        }
        LineSettings.Parity p = parity == Parity.EVEN ? LineSettings.Parity.EVEN
                : parity == Parity.ODD ? LineSettings.Parity.ODD : LineSettings.Parity.NONE;
        return java.util.Optional.of(new LineSettings(baud, dataBits, p, stopBits == StopBits.TWO ? 2 : 1));
    }

    /** The link's name in messages: the URI without its options. */
    String uri() {
        return "serial:" + path;
    }

    /** How long {@code bytes} take on the wire at this setting, rounded up to milliseconds. */
    long transmitMillis(int bytes) {
        double bitsPerCharacter = 1 + dataBits + (parity == Parity.NONE ? 0 : 1) + stopBits.bits;
        return (long) Math.ceil(bytes * bitsPerCharacter * 1000 / baud);
    }
}
