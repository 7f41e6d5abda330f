package io.heathub.testkit;

import io.heathub.api.driver.Progress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scan's {@link Progress} as a list; asks to stop after a number of updates, as a user pressing cancel. */
public final class RecordingProgress implements Progress {
    private final List<long[]> updates = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final int cancelAfter;

    private RecordingProgress(int cancelAfter) {
        this.cancelAfter = cancelAfter;
    }

    /** Never cancels. */
    public static RecordingProgress recording() {
        return new RecordingProgress(-1);
    }

    /** Reports {@link #cancelled()} once {@code updates} updates arrived. */
    public static RecordingProgress cancellingAfter(int updates) {
        return new RecordingProgress(updates);
    }

    @Override
    public void update(long done, long total, String message) {
        updates.add(new long[] {done, total});
        messages.add(message);
    }

    @Override
    public boolean cancelled() {
        return cancelAfter >= 0 && updates.size() >= cancelAfter;
    }

    /** Every update as {done, total}, in order. */
    public List<long[]> updates() {
        return updates;
    }

    public List<String> messages() {
        return messages;
    }

    /** The last {done, total}. */
    public long[] last() {
        if (updates.isEmpty()) {
            throw new AssertionError("no progress was reported");
        }
        return updates.get(updates.size() - 1);
    }
}
