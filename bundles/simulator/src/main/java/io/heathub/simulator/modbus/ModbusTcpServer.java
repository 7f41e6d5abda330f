package io.heathub.simulator;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransport;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterResponse;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;

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
 * while the contract needs exception 03 for out-of-range values and a float32 setpoint must change
 * in one piece.
 *
 * <p>Supported: FC 03 read holding registers, FC 06 write single register, FC 16 write multiple
 * registers. Other function codes get exception 01. A unit id with no device behind it gets
 * exception 0B (gateway target device failed to respond), which is what an RTU gateway reports
 * for a missing slave.
 */
final class ModbusTcpServer implements AutoCloseable {

    /** Modbus exception 0B: the gateway has no answer from the addressed unit. */
    static final int GATEWAY_TARGET_FAILED_TO_RESPOND = 0x0B;

    private static final System.Logger LOG = System.getLogger(ModbusTcpServer.class.getName());

    private final String name;
    private final Map<Integer, RegisterDevice> units;
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
    ModbusTcpServer(String name, InetAddress bindAddress, int port, Map<Integer, RegisterDevice> units)
            throws IOException {
        this.name = name;
        this.units = Map.copyOf(units);
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
    int port() {
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
                transport.writeResponse(respond(request));
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

    /** Builds the answer to one request. */
    ModbusResponse respond(ModbusRequest request) {
        RegisterDevice device = units.get(request.getUnitID());
        if (device == null) {
            return request.createExceptionResponse(GATEWAY_TARGET_FAILED_TO_RESPOND);
        }
        try {
            if (request instanceof ReadMultipleRegistersRequest read) {
                int[] words = device.read(read.getReference(), read.getWordCount());
                Register[] registers = new Register[words.length];
                for (int i = 0; i < words.length; i++) {
                    registers[i] = new SimpleRegister(words[i]);
                }
                ReadMultipleRegistersResponse response = (ReadMultipleRegistersResponse) read.getResponse();
                response.setRegisters(registers);
                return response;
            }
            if (request instanceof WriteSingleRegisterRequest write) {
                int value = write.getRegister().toUnsignedShort();
                device.write(write.getReference(), new int[] {value});
                return withHeaderOf(write, new WriteSingleRegisterResponse(write.getReference(), value));
            }
            if (request instanceof WriteMultipleRegistersRequest write) {
                int[] words = new int[write.getWordCount()];
                for (int i = 0; i < words.length; i++) {
                    words[i] = write.getRegisterValue(i);
                }
                device.write(write.getReference(), words);
                WriteMultipleRegistersResponse response = (WriteMultipleRegistersResponse) write.getResponse();
                response.setReference(write.getReference());
                response.setWordCount(words.length);
                return response;
            }
            return request.createExceptionResponse(Modbus.ILLEGAL_FUNCTION_EXCEPTION);
        } catch (RegisterAccessException e) {
            LOG.log(Level.DEBUG, () -> name + ": unit " + request.getUnitID() + " refused: " + e.getMessage());
            return request.createExceptionResponse(e.exceptionCode());
        }
    }

    private static ModbusResponse withHeaderOf(ModbusRequest request, ModbusResponse response) {
        response.setTransactionID(request.getTransactionID());
        response.setProtocolID(request.getProtocolID());
        response.setUnitID(request.getUnitID());
        return response;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do for a socket that is going away
        }
    }
}
