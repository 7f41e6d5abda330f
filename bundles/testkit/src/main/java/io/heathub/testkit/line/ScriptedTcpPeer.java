package io.heathub.testkit.line;

import io.heathub.api.driver.Link.FrameBoundary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ScriptedLine} behind a serial-to-TCP converter: a loopback TCP server whose bytes in
 * are cut into request frames by {@code requests} and sent on the line, and whose bytes out are
 * whatever the line carries back (echo, replies, collisions, injected noise), in real time. For
 * testing a driver through the transport's real TCP link. One connection at a time; a new one
 * is accepted when the last closed, as a converter port does.
 */
public final class ScriptedTcpPeer implements AutoCloseable {
    private static final int MAX_REQUEST = 4096;

    private final ScriptedLine line;
    private final FrameBoundary requests;
    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /**
     * @param line     the line to relay; switched to real time
     * @param requests where a request frame from the master ends (the protocol's frame length)
     */
    public ScriptedTcpPeer(ScriptedLine line, FrameBoundary requests) throws IOException {
        this.line = line.inRealTime();
        this.requests = requests;
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "scripted-tcp-peer " + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public ScriptedLine line() {
        return line;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code tcp://127.0.0.1:<port>}, for the transport's TCP link. */
    public String uri() {
        return "tcp://127.0.0.1:" + port();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                connections.add(socket);
                socket.setTcpNoDelay(true);
                Thread writer = new Thread(() -> relayReplies(socket), "scripted-tcp-peer replies");
                writer.setDaemon(true);
                writer.start();
                readRequests(socket.getInputStream());
            } catch (IOException closed) {
                // the master or the test closed: accept the next connection or end
            }
        }
    }

    private void readRequests(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            buffer.write(b);
            byte[] sofar = buffer.toByteArray();
            int length = requests.frameLength(sofar, sofar.length);
            if (length >= 0 && sofar.length >= length) {
                line.send(sofar);
                buffer.reset();
            } else if (sofar.length > MAX_REQUEST) {
                throw new IOException("no request frame in " + sofar.length + " bytes: the boundary never ends one");
            }
        }
    }

    private void relayReplies(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            while (!socket.isClosed()) {
                byte[] bytes = line.takeArrived(Duration.ofMillis(100));
                if (bytes.length > 0) {
                    out.write(bytes);
                    out.flush();
                }
            }
        } catch (IOException closed) {
            // connection gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
