package io.heathub.camel.modbus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A third-party Modbus TCP server (pymodbus 3.0.0rc1 under /usr/bin/python3) on a free port,
 * with the tables the test chose. Started and stopped by the test. Same approach as the
 * driver-modbus tests, plus coils, discrete inputs and RTU framing over TCP.
 */
final class PymodbusServer implements AutoCloseable {
    private static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final int port;
    private final List<String> output = new ArrayList<>();

    /**
     * @param units   unit id → {"hr", "ir", "co" or "di" → values from address 0 (bits as 0/1)}
     * @param framing {@code tcp} (MBAP) or {@code rtu} (RTU frames over TCP)
     */
    PymodbusServer(Map<Integer, Map<String, int[]>> units, String framing) throws IOException, InterruptedException {
        this(units, framing, freePort());
    }

    /** Starts on a given port, e.g. again on the port of a server the test stopped. */
    PymodbusServer(Map<Integer, Map<String, int[]>> units, String framing, int port)
            throws IOException, InterruptedException {
        this(units, framing, Integer.toString(port), port);
    }

    /** Serves RTU at 9600 8N1 on a serial device, e.g. one end of a {@link PtyPair}. */
    static PymodbusServer onSerialDevice(Map<Integer, Map<String, int[]>> units, Path device)
            throws IOException, InterruptedException {
        return new PymodbusServer(units, "serial", device.toString(), -1);
    }

    private PymodbusServer(Map<Integer, Map<String, int[]>> units, String framing, String where, int port)
            throws IOException, InterruptedException {
        this.port = port;
        Path script;
        try {
            script = Path.of(PymodbusServer.class.getResource("/pymodbus_server.py").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        process = new ProcessBuilder(PYTHON, script.toString(), where, json(units), framing)
                .redirectErrorStream(true).start();
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(1000);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    lines.offer(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "pymodbus-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS) : null;
            if (line != null && line.equals("READY " + where)) {
                return;
            }
            if (left <= 0 || (line == null && !process.isAlive())) {
                close();
                throw new IOException("pymodbus server did not start on " + where + ": " + output());
            }
        }
    }

    int port() {
        return port;
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String json(Map<Integer, Map<String, int[]>> units) {
        return units.entrySet().stream().map(unit -> "\"" + unit.getKey() + "\": {"
                + unit.getValue().entrySet().stream().map(table -> "\"" + table.getKey() + "\": "
                        + Arrays.stream(table.getValue()).mapToObj(Integer::toString)
                        .collect(Collectors.joining(",", "[", "]")))
                        .collect(Collectors.joining(", ")) + "}")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
