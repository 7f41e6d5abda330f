package io.heathub.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real TCP peer on the loopback: each accepted connection runs {@code handler} on its own thread. */
final class TcpPeer implements AutoCloseable {
    interface Handler {
        void serve(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /**
     * A peer restarted on the port it had: another process on the machine may hold that port for a
     * moment as the local end of an outgoing connection, so binding is retried for a few seconds.
     */
    private static void bind(ServerSocket server, int port) throws IOException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return;
            } catch (java.net.BindException inUse) {
                if (port == 0 || System.nanoTime() > deadline) {
                    throw inUse;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw inUse;
                }
            }
        }
    }

    TcpPeer(int port, Handler handler) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        bind(server, port);
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    clients.add(s);
                    Thread t = new Thread(() -> {
                        try (s) {
                            handler.serve(s);
                        } catch (IOException ignored) {
                            // the test closed the peer
                        }
                    }, "peer-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "peer-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return clients.size();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : clients) {
            s.close();
        }
    }
}
