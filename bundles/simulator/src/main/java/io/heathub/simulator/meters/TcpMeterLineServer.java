package io.heathub.simulator.meters;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * A line behind a TCP serial converter: each accepted connection is the master's end of the line,
 * served until it closes; one connection at a time (later ones wait in the backlog).
 */
public final class TcpMeterLineServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TcpMeterLineServer.class.getName());

    private final MeterLine line;
    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private volatile Socket current;
    private volatile boolean closed;

    private TcpMeterLineServer(MeterLine line, ServerSocket serverSocket) {
        this.line = line;
        this.serverSocket = serverSocket;
        this.acceptor = new Thread(this::acceptLoop, "meter-line-tcp-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
    }

    /**
     * Binds the port and starts serving.
     *
     * @param port 1..65535, or 0 for a free port
     * @throws IOException naming the address when the port cannot be bound
     */
    public static TcpMeterLineServer start(MeterLine line, InetAddress bindAddress, int port) throws IOException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("meter line port must be 0..65535, got " + port);
        }
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(bindAddress, port), 4);
        } catch (IOException e) {
            socket.close();
            throw new IOException("meter line: cannot listen on " + bindAddress.getHostAddress() + ":" + port, e);
        }
        TcpMeterLineServer server = new TcpMeterLineServer(line, socket);
        server.acceptor.start();
        return server;
    }

    /** The bound port. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** The line served. */
    public MeterLine line() {
        return line;
    }

    private void acceptLoop() {
        while (!closed) {
            try (Socket socket = serverSocket.accept()) {
                current = socket;
                if (closed) {
                    return;
                }
                socket.setTcpNoDelay(true);
                line.serve(new SocketEndpoint(socket));
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.DEBUG, () -> "meter line connection ended: " + e);
                }
            } finally {
                current = null;
            }
        }
    }

    /** Closes the port and the current connection and waits for the serving thread to end. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "closing meter line port: " + e);
        }
        Socket socket = current;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "closing meter line connection: " + e);
            }
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class SocketEndpoint implements LineEndpoint {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        SocketEndpoint(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        @Override
        public int read(byte[] buffer) throws IOException {
            try {
                return in.read(buffer);
            } catch (SocketException e) {
                return -1; // reset or closed: the master is gone
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
