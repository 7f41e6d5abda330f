package io.heathub.api.hub;

/**
 * Line statistics of one bus since the hub (or the site) started.
 *
 * @param id                     the bus id from {@code site.yaml}
 * @param uri                    the bus URI
 * @param requests               requests sent (polls and commands)
 * @param timeouts               requests without a complete reply in time
 * @param checksumErrors         replies refused for a bad checksum or CRC
 * @param otherErrors            error replies, malformed replies and link failures
 * @param bytesSent              bytes written to the line
 * @param bytesReceived          bytes read from the line
 * @param utilisationPercent     share of the last statistics interval the line was busy, in %
 * @param pollLatenessMeanMillis how late, on average, the polls of the last statistics interval
 *                               started after their slot on the device's schedule, in ms
 * @param pollLatenessMaxMillis  the latest of those polls, in ms (a whole poll interval or more:
 *                               the line cannot keep its schedule)
 */
public record BusStatus(String id, String uri, long requests, long timeouts, long checksumErrors, long otherErrors,
                        long bytesSent, long bytesReceived, double utilisationPercent, double pollLatenessMeanMillis,
                        double pollLatenessMaxMillis) {

    /** Statistics without poll lateness (as before 1.6). */
    public BusStatus(String id, String uri, long requests, long timeouts, long checksumErrors, long otherErrors,
                     long bytesSent, long bytesReceived, double utilisationPercent) {
        this(id, uri, requests, timeouts, checksumErrors, otherErrors, bytesSent, bytesReceived, utilisationPercent,
                0, 0);
    }
}
