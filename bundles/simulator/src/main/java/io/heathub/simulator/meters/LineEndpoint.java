package io.heathub.simulator.meters;

import java.io.Closeable;
import java.io.IOException;

/** The master's end of a line: a TCP connection or a pty. */
public interface LineEndpoint extends Closeable {

    /** Blocks until at least one byte arrived; -1 when the master has gone. */
    int read(byte[] buffer) throws IOException;

    /** Writes all bytes. */
    void write(byte[] bytes, int offset, int length) throws IOException;
}
