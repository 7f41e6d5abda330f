package io.heathub.simulator.meters;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The hub's side of a line in tests: sends requests, collects what comes back (a reader thread
 * queues every byte), cuts replies by protocol.
 */
final class Master implements Closeable {
    static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private interface Writer {
        void write(byte[] bytes) throws IOException;
    }

    private final BlockingQueue<Byte> received = new LinkedBlockingQueue<>();
    private final Writer writer;
    private final Closeable resource;
    private final Thread reader;

    private Master(Writer writer, Closeable resource, ReadFunction read) {
        this.writer = writer;
        this.resource = resource;
        this.reader = new Thread(() -> {
            byte[] buffer = new byte[512];
            try {
                int n;
                while ((n = read.read(buffer)) >= 0) {
                    for (int i = 0; i < n; i++) {
                        received.add(buffer[i]);
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }, "test-master-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private interface ReadFunction {
        int read(byte[] buffer) throws IOException;
    }

    static Master tcp(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        return new Master(bytes -> {
            out.write(bytes);
            out.flush();
        }, socket, in::read);
    }

    static Master pty(Path path) throws IOException {
        // two channels: a FileChannel holds one lock for reads and writes, and the reader blocks in read
        FileChannel reading = FileChannel.open(path, StandardOpenOption.READ);
        FileChannel writing = FileChannel.open(path, StandardOpenOption.WRITE);
        return new Master(bytes -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                writing.write(buffer);
            }
        }, () -> {
            writing.close();
            reading.close();
        }, buffer -> reading.read(ByteBuffer.wrap(buffer)));
    }

    void send(byte[] request) throws IOException {
        writer.write(request);
    }

    /** Sends and returns the one reply frame (FE prefix included), failing on silence. */
    byte[] exchange(byte[] request) throws IOException, InterruptedException {
        received.clear();
        send(request);
        byte[] reply = receiveFrame(Duration.ofSeconds(3));
        if (reply.length == 0) {
            throw new AssertionError("no reply to " + HEX.formatHex(request));
        }
        return reply;
    }

    /**
     * Collects bytes until they form a complete reply frame, or until nothing more arrives for
     * {@code quiet} (then returns what came, possibly nothing).
     */
    byte[] receiveFrame(Duration quiet) throws InterruptedException {
        byte[] buffer = new byte[1024];
        int length = 0;
        while (true) {
            Byte next = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                return Arrays.copyOf(buffer, length);
            }
            buffer[length++] = next;
            if (replyLength(buffer, length) == length) {
                return Arrays.copyOf(buffer, length);
            }
        }
    }

    /** Bytes that arrive until {@code quiet} passes without one, frames or not. */
    byte[] everything(Duration quiet) throws InterruptedException {
        byte[] buffer = new byte[4096];
        int length = 0;
        Byte next;
        while ((next = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            buffer[length++] = next;
        }
        return Arrays.copyOf(buffer, length);
    }

    void clear() {
        received.clear();
    }

    /**
     * Length of the reply that starts the buffer: E5 (M-Bus ACK), M-Bus long frame, or after FE
     * bytes a DL/T 645 (68 at offset 7) or CJ/T 188 frame; -1 while unknown.
     */
    static int replyLength(byte[] b, int length) {
        if (length == 0) {
            return -1;
        }
        if ((b[0] & 0xFF) == 0xE5) {
            return 1;
        }
        int start = 0;
        while (start < length && (b[start] & 0xFF) == 0xFE) {
            start++;
        }
        if (start == 0 && length >= 4 && (b[0] & 0xFF) == 0x68 && b[1] == b[2] && (b[3] & 0xFF) == 0x68) {
            return (b[1] & 0xFF) + 6;
        }
        if (length < start + 11) {
            return -1;
        }
        if ((b[start] & 0xFF) != 0x68) {
            return -2; // not a frame: collect until quiet
        }
        if ((b[start + 7] & 0xFF) == 0x68) {
            return start + 12 + (b[start + 9] & 0xFF);
        }
        return start + 13 + (b[start + 10] & 0xFF);
    }

    @Override
    public void close() throws IOException {
        resource.close();
        reader.interrupt();
    }
}
