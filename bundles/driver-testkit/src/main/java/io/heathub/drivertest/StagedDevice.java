package io.heathub.drivertest;

import io.heathub.testkit.line.Reply;
import io.heathub.testkit.line.ScriptedDevice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The author's scripted device with the kit in between: it records what the device heard and
 * answered, and can replace or damage its answer to the n-th request of the next poll (a reply
 * that arrives truncated, with a flipped bit, as noise, as another protocol's frame...).
 */
final class StagedDevice implements ScriptedDevice {
    /** One request the device heard and what it answered (silence: an empty reply). */
    record Exchange(byte[] request, Reply reply) {
    }

    private final ScriptedDevice inner;
    private final List<Exchange> heard = new ArrayList<>();
    private int target = -1;
    private UnaryOperator<Reply> fault = UnaryOperator.identity();
    private Duration turnaround = Duration.ZERO;
    private byte[] delivered;

    StagedDevice(ScriptedDevice inner) {
        this.inner = inner;
    }

    /** Forgets what was heard; the next poll starts counting requests at 0. */
    synchronized void reset() {
        heard.clear();
        target = -1;
        fault = UnaryOperator.identity();
        delivered = null;
    }

    /** In the next poll (after {@link #reset()}), the answer to request {@code index} goes through {@code change}. */
    synchronized void arm(int index, UnaryOperator<Reply> change) {
        reset();
        this.target = index;
        this.fault = change;
    }

    /** Every answer comes this much later (a device's turnaround time). */
    synchronized void turnaround(Duration delay) {
        this.turnaround = delay;
    }

    synchronized List<Exchange> heard() {
        return List.copyOf(heard);
    }

    /** The bytes the armed fault put on the line, or null when it has not fired. */
    synchronized byte[] delivered() {
        return delivered;
    }

    @Override
    public synchronized Reply hear(byte[] frame) {
        Reply reply = inner.hear(frame);
        reply = reply == null ? Reply.silence() : reply;
        int index = heard.size();
        heard.add(new Exchange(frame.clone(), reply));
        if (index == target) {
            reply = fault.apply(reply);
            delivered = reply.bytes();
        }
        return delayed(reply, turnaround);
    }

    /** {@code reply} with every burst {@code delay} later. */
    static Reply delayed(Reply reply, Duration delay) {
        if (delay.isZero() || reply.isSilent()) {
            return reply;
        }
        List<Reply.Burst> bursts = reply.bursts();
        Reply moved = Reply.after(bursts.get(0).after().plus(delay), bursts.get(0).bytes());
        for (int i = 1; i < bursts.size(); i++) {
            moved = moved.then(bursts.get(i).after().minus(bursts.get(i - 1).after()), bursts.get(i).bytes());
        }
        return moved;
    }
}
