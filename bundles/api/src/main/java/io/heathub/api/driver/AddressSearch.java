package io.heathub.api.driver;

import java.util.List;
import java.util.Objects;

/**
 * The wildcard search of meter protocols whose address is BCD bytes, least significant first, and
 * whose wildcard fills the high bytes with AAh: DL/T 645-2007 "abbreviated addressing" (and CJ/T
 * 188 meter families that accept it). When several meters answer the all-wildcard address at once
 * their replies garble; the search then fixes the lowest unknown byte to 00..99 and asks again,
 * depth first, until every answer comes from one meter — the M-Bus secondary search, byte by byte
 * from the low end (where meters of one batch differ) instead of digit by digit from the high end.
 *
 * <p>A node costs 100 requests, so a line of meters that differ in their last two digits is found
 * in 1 + 100 requests; meters sharing their low bytes cost 100 more per shared byte.
 */
public final class AddressSearch {
    /** What one request at a wildcard address brought. */
    public enum Heard {
        /** Silence: no meter below this address. */
        NOTHING,
        /** One well-formed answer: one meter, whose real address it carries. */
        ONE,
        /** Garbage: several meters answered at once (or noise). */
        SEVERAL
    }

    /**
     * One answer.
     *
     * @param device the meter that answered alone ({@link Heard#ONE}), else null
     * @param detail what the garbage looked like ({@link Heard#SEVERAL}), else empty
     */
    public record Answer(Heard heard, FoundDevice device, String detail) {
        public Answer {
            Objects.requireNonNull(heard, "heard");
            Objects.requireNonNull(detail, "detail");
            if ((heard == Heard.ONE) != (device != null)) {
                throw new IllegalArgumentException("a device goes with ONE, and only with ONE");
            }
        }

        public static Answer nothing() {
            return new Answer(Heard.NOTHING, null, "");
        }

        public static Answer one(FoundDevice device) {
            return new Answer(Heard.ONE, device, "");
        }

        public static Answer several(String detail) {
            return new Answer(Heard.SEVERAL, null, detail);
        }
    }

    /** Asks the meters below an address: {@code lowDigits} are its known low bytes, most significant first. */
    @FunctionalInterface
    public interface Probe {
        Answer at(String lowDigits) throws DeviceException;
    }

    /**
     * How the search went.
     *
     * @param finished     false when it was cancelled
     * @param requests     requests sent
     * @param firstAnswers whether any address with one known byte was answered: false means the
     *                     meters ignore abbreviated addresses (the family does not support them)
     */
    public record Result(boolean finished, long requests, boolean firstAnswers) {
    }

    private final int bytes;
    private final Progress progress;
    private final List<FoundDevice> found;
    private final Probe probe;
    private long done;
    private long planned;
    private long requests;

    private AddressSearch(int bytes, long done, Progress progress, List<FoundDevice> found, Probe probe) {
        this.bytes = bytes;
        this.done = done;
        this.planned = done;
        this.progress = progress;
        this.found = found;
        this.probe = probe;
    }

    /**
     * Searches below the all-wildcard address, whose request the caller sent and found garbled.
     *
     * @param bytes address length in bytes (6 for DL/T 645, 7 for CJ/T 188)
     * @param done  steps finished before (the all-wildcard request), for progress
     * @param found where meters found are added, with collisions that cannot be narrowed further
     *              ({@link FoundDevice#collision})
     */
    public static Result below(int bytes, long done, Progress progress, List<FoundDevice> found, Probe probe)
            throws DeviceException {
        if (bytes < 1 || bytes > 16) {
            throw new IllegalArgumentException("address bytes 1..16, got " + bytes);
        }
        AddressSearch search = new AddressSearch(bytes, done, progress, found, probe);
        int[] firstAnswers = new int[1];
        boolean finished = search.visit("", firstAnswers);
        return new Result(finished, search.requests, firstAnswers[0] > 0);
    }

    /** The address as printed, most significant first, unknown bytes AA: {@code pattern(6, "0161")} = {@code AAAAAAAA0161}. */
    public static String pattern(int bytes, String lowDigits) {
        return "AA".repeat(bytes - lowDigits.length() / 2) + lowDigits;
    }

    /** Narrows below {@code low}, which several meters answered; false when cancelled. */
    private boolean visit(String low, int[] answered) throws DeviceException {
        planned += 100;
        int answers = 0;
        for (int b = 0; b <= 99; b++) {
            if (progress.cancelled()) {
                return false;
            }
            String child = String.format("%02d", b) + low;
            Answer answer = probe.at(child);
            requests++;
            done++;
            String shown = pattern(bytes, child);
            switch (answer.heard()) {
                case NOTHING -> progress.update(done, planned, shown + ": no meter");
                case ONE -> {
                    answers++;
                    found.add(answer.device());
                    progress.update(done, planned, shown + ": meter " + answer.device().address() + ", "
                            + answer.device().description());
                }
                case SEVERAL -> {
                    answers++;
                    if (child.length() == 2 * bytes) {
                        found.add(FoundDevice.collision(child, "collision: several meters share address " + child
                                + " (" + answer.detail() + ")"));
                        progress.update(done, planned, shown + ": several meters share this address");
                    } else {
                        progress.update(done, planned + 100, shown + ": several meters (" + answer.detail()
                                + "); narrowing");
                        if (!visit(child, new int[1])) {
                            return false;
                        }
                    }
                }
            }
        }
        if (answers == 0 && !low.isEmpty()) {
            found.add(FoundDevice.collision(pattern(bytes, low), "collision: several meters answered "
                    + pattern(bytes, low) + " at once but none a narrower address (meters that do not all accept"
                    + " abbreviated addresses, or noise)"));
        }
        answered[0] = answers;
        return true;
    }
}
