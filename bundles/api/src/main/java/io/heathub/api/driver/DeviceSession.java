package io.heathub.api.driver;

import io.heathub.api.Reading;
import java.util.List;
import java.util.Set;

/**
 * An open device. Called only from its bus's worker thread, one call at a time.
 */
public interface DeviceSession extends AutoCloseable {

    /**
     * One poll.
     *
     * @param points the point names wanted; empty means all the device has
     * @return readings in canonical units; a value the device flags as faulty comes back with
     *         quality {@code BAD} rather than being left out
     */
    List<Reading> read(Set<String> points) throws DeviceException;

    /** Executes one command (write a setpoint, open a valve), confirming it where the device allows. */
    CommandResult execute(Command command) throws DeviceException;

    /** Releases what the session holds; must not throw. */
    @Override
    default void close() {
    }
}
