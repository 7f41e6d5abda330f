package io.heathub.api.driver;

import java.util.List;

/**
 * The search step of an address scan, as every driver does it: one request per candidate address,
 * progress after each ({@code "meter ADDRESS: what it said"}), stopping between requests when the
 * user cancelled.
 */
public final class ScanSteps {
    private ScanSteps() {
    }

    /** Asks one address; null when nothing answered. */
    @FunctionalInterface
    public interface Probe<A> {
        FoundDevice at(A address) throws DeviceException;
    }

    /**
     * Probes {@code addresses} in order, adding what answers to {@code found}.
     *
     * @param done  steps finished before this one (e.g. a broadcast request), for progress
     * @param total all steps of the scan
     * @return false when the scan was cancelled before every address was probed
     */
    public static <A> boolean probeEach(List<A> addresses, long done, long total, Progress progress,
                                        List<FoundDevice> found, Probe<A> probe) throws DeviceException {
        long step = done;
        for (A address : addresses) {
            if (progress.cancelled()) {
                return false;
            }
            FoundDevice device = probe.at(address);
            step++;
            if (device != null) {
                found.add(device);
            }
            progress.update(step, total, "meter " + address + ": " + (device == null ? "no answer" : device.description()));
        }
        return true;
    }
}
