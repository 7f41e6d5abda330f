package io.heathub.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** A link over one TCP connection ({@code tcp://host:port}), opened on first use. */
final class TcpLink extends ReconnectingLink {
    private final String host;
    private final int port;
    private final Duration connectTimeout;

    TcpLink(String uri, String host, int port, Duration connectTimeout, Duration interByteTimeout, Backoff backoff) {
        super(uri, backoff, interByteTimeout);
        this.host = host;
        this.port = port;
        this.connectTimeout = connectTimeout;
    }

    @Override
    protected Connection connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true); // request/response: a frame must leave at once
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            return new SocketConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static final class SocketConnection implements Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        /** The read timeout last set, so it is set only when it changes (it takes the socket's lock). */
        private int soTimeout = -1;

        SocketConnection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        @Override
        public void write(byte[] frame) throws IOException {
            out.write(frame);
            out.flush();
        }

        @Override
        public int read(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException {
            int wanted = Math.max(1, timeoutMillis);
            if (wanted != soTimeout) {
                socket.setSoTimeout(wanted);
                soTimeout = wanted;
            }
            try {
                int n = in.read(buffer, offset, length);
                if (n < 0) {
                    throw new EOFException("end of stream");
                }
                return n;
            } catch (SocketTimeoutException e) {
                return 0;
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
