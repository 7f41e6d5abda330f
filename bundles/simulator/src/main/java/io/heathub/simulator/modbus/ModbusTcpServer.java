package io.heathub.simulator.modbus;

import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransport;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Modbus TCP server for one port, answering for several unit ids like a Modbus gateway.
 *
 * <p>Framing, request parsing and response encoding are j2mod's ({@link ModbusTCPTransport} and its
 * message classes); only the dispatch is ours. j2mod's own slave ({@code ModbusSlaveFactory}) can
 * answer a refused write only with exception 02 and applies multi-register writes word by word,
 * while a device must answer exception 03 for out-of-range values and a float32 setpoint must
 * change in one piece.
 *
 * <p>Served: 01/02/03/04 reads, 05/06/0F/10 writes; other function codes get exception 01. A unit
 * id with no device behind it gets exception 0B (gateway target device failed to respond), which is
 * what an RTU gateway reports for a missing slave.
 */
public final class ModbusTcpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ModbusTcpServer.class.getName());

    private final String name;
    private final ModbusResponder responder;
    private final ServerSocket serverSocket;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService connectionThreads;
    private final Thread acceptThread;
    private volatile boolean closed;

    /**
     * Binds the port (0 picks a free one) and starts accepting connections.
     *
     * @throws IOException if the port cannot be bound
     */
    public ModbusTcpServer(String name, InetAddress bindAddress, int port, Map<Integer, ? extends ModbusUnit> units)
            throws IOException {
        this.name = name;
        this.responder = new ModbusResponder(name, units);
        this.serverSocket = new ServerSocket();
        // Restarting the component must not fail on sockets of the previous run in TIME_WAIT.
        serverSocket.setReuseAddress(true);
        try {
            serverSocket.bind(new InetSocketAddress(bindAddress, port), 50);
        } catch (IOException e) {
            serverSocket.close();
            throw new IOException(name + ": cannot listen on " + bindAddress.getHostAddress() + ":" + port, e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        this.connectionThreads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, name + "-connection-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.acceptThread = new Thread(this::acceptLoop, name + "-accept");
        acceptThread.setDaemon(true);
        acceptThread.start();
    }

    /** The bound port (useful when constructed with port 0). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Stops accepting, drops every connection and frees the port. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> name + ": closing the server socket failed", e);
        }
        for (Socket socket : connections) {
            closeQuietly(socket);
        }
        connectionThreads.shutdownNow();
        try {
            acceptThread.join(TimeUnit.SECONDS.toMillis(2));
            connectionThreads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
                connections.add(socket);
                connectionThreads.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, () -> name + ": accepting a connection failed", e);
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // closing
            }
        }
    }

    private void serve(Socket socket) {
        try {
            if (closed || socket.isClosed()) {
                return; // close() won the race with accept()
            }
            ModbusTCPTransport transport = new ModbusTCPTransport(socket);
            // Masters may poll rarely: never drop an idle connection, close() ends it.
            transport.setTimeout(0);
            while (!closed) {
                ModbusRequest request = transport.readRequest(null);
                ModbusUnit unit = responder.unit(request.getUnitID());
                transport.writeResponse(unit == null ? ModbusResponder.noSuchUnit(request)
                        : responder.respond(unit, request));
            }
        } catch (ModbusIOException e) {
            if (!closed && !e.isEOF()) {
                LOG.log(Level.DEBUG, () -> name + ": connection from " + socket.getRemoteSocketAddress() + " ended", e);
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, () -> name + ": connection from " + socket.getRemoteSocketAddress() + " failed", e);
            }
        } finally {
            connections.remove(socket);
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do for a socket that is going away
        }
    }
}
