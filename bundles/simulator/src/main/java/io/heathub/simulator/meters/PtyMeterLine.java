package io.heathub.simulator.meters;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A line on an existing pseudo terminal, e.g. one end of
 * {@code socat -d -d pty,raw,echo=0,link=/tmp/A pty,raw,echo=0,link=/tmp/B}: the simulator opens
 * {@code /tmp/A}, the master (the hub) opens {@code /tmp/B}. The pty must already be raw (socat's
 * {@code raw,echo=0}); no serial settings are applied, the baud rate only matters to the line's
 * {@link MeterLine.Timing}. A {@link FileChannel} is used because closing it wakes a blocked read.
 * When the pty goes away (socat ends) the path is reopened every second until {@link #close()}.
 */
public final class PtyMeterLine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PtyMeterLine.class.getName());
    private static final long REOPEN_MILLIS = 1_000;

    private final MeterLine line;
    private final Path path;
    private final Thread server;
    private volatile FileChannel channel;
    private volatile boolean closed;

    private PtyMeterLine(MeterLine line, Path path, FileChannel first) {
        this.line = line;
        this.path = path;
        this.channel = first;
        this.server = new Thread(this::serveLoop, "meter-line-pty-" + path.getFileName());
        server.setDaemon(true);
    }

    /**
     * Opens the pty and starts serving.
     *
     * @throws IOException naming the path when it does not exist or cannot be opened
     */
    public static PtyMeterLine start(MeterLine line, Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException("meter line: pty " + path + " does not exist (start socat first)");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("meter line: cannot open pty " + path, e);
        }
        PtyMeterLine pty = new PtyMeterLine(line, path, channel);
        pty.server.start();
        return pty;
    }

    /** The pty path. */
    public Path path() {
        return path;
    }

    /** The line served. */
    public MeterLine line() {
        return line;
    }

    private void serveLoop() {
        boolean reported = false;
        while (!closed) {
            FileChannel open = channel;
            try {
                if (open == null || !open.isOpen()) {
                    open = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    channel = open;
                    if (closed) {
                        open.close();
                        return;
                    }
                    LOG.log(Level.INFO, "meter line: reopened pty " + path);
                    reported = false;
                }
                line.serve(new ChannelEndpoint(open));
            } catch (ClosedChannelException e) {
                // closed by close(), or the pty went away
            } catch (IOException e) {
                if (!closed && !reported) {
                    LOG.log(Level.WARNING, "meter line: pty " + path + ": " + e + "; retrying every second");
                    reported = true;
                }
            }
            closeQuietly(open);
            if (!closed) {
                try {
                    Thread.sleep(REOPEN_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Closes the pty (waking the blocked read) and waits for the serving thread to end. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(channel);
        server.interrupt();
        try {
            server.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(FileChannel open) {
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "closing pty: " + e);
            }
        }
    }

    private static final class ChannelEndpoint implements LineEndpoint {
        private final FileChannel channel;

        ChannelEndpoint(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(byte[] buffer) throws IOException {
            return channel.read(ByteBuffer.wrap(buffer));
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(bytes, offset, length);
            while (out.hasRemaining()) {
                channel.write(out);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
