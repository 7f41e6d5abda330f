package io.heathub.driver.modbus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A third-party Modbus server (pymodbus 3.0.0rc1 under /usr/bin/python3): Modbus TCP or RTU over TCP
 * on a free port, or RTU on a serial device, with the register values the test chose. Started and
 * stopped by the test.
 */
final class PymodbusServer implements AutoCloseable {
    private static final String PYTHON = "/usr/bin/python3";

    /** Where pymodbus serves: MBAP over TCP, RTU frames over TCP, RTU on a serial device. */
    enum Mode {
        TCP("tcp"), RTU_TCP("rtu-tcp"), RTU_SERIAL("rtu-serial");

        private final String arg;

        Mode(String arg) {
            this.arg = arg;
        }
    }

    private final Process process;
    private final int port;
    private final List<String> output = new ArrayList<>();

    /**
     * @param units unit id → {"hr", "ir", "co", "di" → values from address 0; "busy" → start addresses
     *              answered with exception 06}
     */
    PymodbusServer(Map<Integer, Map<String, int[]>> units) throws IOException, InterruptedException {
        this(Mode.TCP, null, units);
    }

    /**
     * @param device the serial device for {@link Mode#RTU_SERIAL}; null for the TCP modes (a free port)
     */
    PymodbusServer(Mode mode, String device, Map<Integer, Map<String, int[]>> units)
            throws IOException, InterruptedException {
        port = mode == Mode.RTU_SERIAL ? -1 : freePort();
        String where = mode == Mode.RTU_SERIAL ? device : Integer.toString(port);
        Path script;
        try {
            script = Path.of(PymodbusServer.class.getResource("/pymodbus_server.py").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        process = new ProcessBuilder(PYTHON, script.toString(), mode.arg, where, json(units))
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
                        + java.util.Arrays.stream(table.getValue()).mapToObj(Integer::toString)
                        .collect(Collectors.joining(",", "[", "]")))
                        .collect(Collectors.joining(", ")) + "}")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
