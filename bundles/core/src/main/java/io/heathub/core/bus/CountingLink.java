package io.heathub.core.bus;

import io.heathub.api.driver.LinkFactory;
import io.heathub.api.driver.LinkTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Wraps a bus link to count requests, timeouts and bytes for the line statistics. Retired when a
 * driver call on it was abandoned: the transport reconnects a closed link on next use, so the
 * abandoned call, should it wake, must find this wrapper dead rather than share the line with
 * the next one.
 */
final class CountingLink implements LinkFactory.ManagedLink {
    private final LinkFactory.ManagedLink link;
    private final LineStatistics statistics;
    private volatile String retired;
    /** Set when a receive inside the current exchange already counted its timeout. */
    private boolean timeoutCounted;

    CountingLink(LinkFactory.ManagedLink link, LineStatistics statistics) {
        this.link = link;
        this.statistics = statistics;
    }

    @Override
    public String uri() {
        return link.uri();
    }

    /** Closes the line and refuses every later use with {@code why}. Any thread. */
    void retire(String why) {
        retired = why;
        link.close();
    }

    private void checkLive() throws IOException {
        String why = retired;
        if (why != null) {
            throw new IOException("link " + link.uri() + " was retired: " + why);
        }
    }

    @Override
    public void send(byte[] frame) throws IOException {
        checkLive();
        statistics.requests.incrementAndGet();
        link.send(frame);
        statistics.bytesSent.addAndGet(frame.length);
    }

    @Override
    public byte[] receive(FrameBoundary frame, Duration timeout) throws IOException {
        checkLive();
        try {
            byte[] reply = link.receive(frame, timeout);
            statistics.bytesReceived.addAndGet(reply.length);
            return reply;
        } catch (LinkTimeoutException e) {
            statistics.timeouts.incrementAndGet();
            statistics.bytesReceived.addAndGet(e.partial().length);
            timeoutCounted = true;
            throw e;
        }
    }

    @Override
    public byte[] exchange(byte[] request, FrameBoundary frame, Duration timeout, Predicate<byte[]> ours)
            throws IOException {
        timeoutCounted = false;
        try {
            // The default loop calls this wrapper's send and receive, so they are counted once.
            return LinkFactory.ManagedLink.super.exchange(request, frame, timeout, ours);
        } catch (LinkTimeoutException e) {
            if (!timeoutCounted) {
                statistics.timeouts.incrementAndGet();
            }
            throw e;
        }
    }

    /** Waiting for quiet is not a request: it must not count as a timeout. */
    @Override
    public boolean awaitSilence(Duration quiet, Duration max) throws IOException {
        checkLive();
        return link.awaitSilence(quiet, max);
    }

    @Override
    public java.util.Optional<io.heathub.api.driver.LineSettings> lineSettings() {
        return link.lineSettings();
    }

    @Override
    public void changeLineSettings(io.heathub.api.driver.LineSettings settings) throws IOException {
        checkLive();
        link.changeLineSettings(settings);
    }

    /** A protocol delay is not a request either. */
    @Override
    public void pause(Duration delay) throws IOException {
        checkLive();
        link.pause(delay);
    }

    @Override
    public void purge() throws IOException {
        checkLive();
        link.purge();
    }

    @Override
    public void close() {
        link.close();
    }
}
