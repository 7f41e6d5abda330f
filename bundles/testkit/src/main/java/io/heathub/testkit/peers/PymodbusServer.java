package io.heathub.testkit.peers;

import io.heathub.testkit.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A third-party Modbus server: pymodbus 3.0.0rc1 under Debian's {@code /usr/bin/python3}, serving
 * the register tables the test chose. Modbus TCP or RTU frames over TCP on a loopback port, or
 * RTU at 9600 8N1 on a serial device (one end of a {@link SocatPtyPair}). Started by the factory
 * methods, stopped by {@link #close()}; it also exits when the JVM does (it watches its stdin).
 *
 * <p>Units: unit id → table name → values from address 0. Tables: {@code hr} holding registers,
 * {@code ir} input registers, {@code co} coils and {@code di} discrete inputs (0/1), and
 * {@code busy}: holding/input start addresses whose reads are answered with exception 06 (server
 * device busy). A read past a table's end gets exception 02.
 */
public final class PymodbusServer implements AutoCloseable {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = "pymodbus_server.py";
    private static final Set<String> TABLES = Set.of("hr", "ir", "co", "di", "busy");
    private static final int START_SECONDS = 20;

    /** Where pymodbus serves. */
    public enum Mode {
        /** Modbus TCP (MBAP header). */
        TCP("tcp"),
        /** RTU frames (CRC-16) over TCP, as behind a serial-to-TCP converter. */
        RTU_OVER_TCP("rtu-tcp"),
        /** RTU on a serial device. */
        RTU_SERIAL("rtu-serial");

        private final String arg;

        Mode(String arg) {
            this.arg = arg;
        }
    }

    private final Process process;
    private final int port;
    private final List<String> output = new ArrayList<>();

    private PymodbusServer(Mode mode, String where, int port, Map<Integer, Map<String, int[]>> units)
            throws IOException, InterruptedException {
        this.port = port;
        process = new ProcessBuilder(PYTHON, "-c", script(), mode.arg, where, json(units))
                .redirectErrorStream(true).start();
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(1000);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    lines.offer(line);
                }
            } catch (IOException ended) {
                // the process ended
            }
        }, "pymodbus-output " + where);
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS)
                    : null;
            if (line != null && line.equals("READY " + where)) {
                return;
            }
            if (left <= 0 || (line == null && !process.isAlive())) {
                close();
                throw new IOException("pymodbus did not start serving " + mode + " on " + where + ": " + output());
            }
        }
    }

    /** Modbus TCP on a free loopback port. */
    public static PymodbusServer tcp(Map<Integer, Map<String, int[]>> units) throws IOException, InterruptedException {
        return onFreePort(Mode.TCP, units);
    }

    /** Modbus TCP on {@code port}: e.g. again on the port of a server the test stopped. */
    public static PymodbusServer tcp(Map<Integer, Map<String, int[]>> units, int port)
            throws IOException, InterruptedException {
        return new PymodbusServer(Mode.TCP, Integer.toString(port), port, units);
    }

    /** RTU frames over TCP on a free loopback port. */
    public static PymodbusServer rtuOverTcp(Map<Integer, Map<String, int[]>> units)
            throws IOException, InterruptedException {
        return onFreePort(Mode.RTU_OVER_TCP, units);
    }

    /** RTU at 9600 8N1 on a serial device. */
    public static PymodbusServer rtuOnSerial(Map<Integer, Map<String, int[]>> units, Path device)
            throws IOException, InterruptedException {
        return new PymodbusServer(Mode.RTU_SERIAL, device.toString(), -1, units);
    }

    /** A port picked free can be taken before pymodbus binds it: then it tries another. */
    private static PymodbusServer onFreePort(Mode mode, Map<Integer, Map<String, int[]>> units)
            throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = FreePorts.tcp();
            try {
                return new PymodbusServer(mode, Integer.toString(port), port, units);
            } catch (IOException e) {
                if (!e.getMessage().contains("in use")) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    /** The TCP port; -1 on a serial device. */
    public int port() {
        return port;
    }

    /** What pymodbus printed so far (its warnings and errors). */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String script() throws IOException {
        try (InputStream in = PymodbusServer.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is missing from the test kit");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String json(Map<Integer, Map<String, int[]>> units) {
        return units.entrySet().stream().map(unit -> "\"" + unit.getKey() + "\": {"
                        + unit.getValue().entrySet().stream().map(table -> {
                            if (!TABLES.contains(table.getKey())) {
                                throw new IllegalArgumentException("unit " + unit.getKey() + ": unknown table \""
                                        + table.getKey() + "\"; known: " + TABLES);
                            }
                            return "\"" + table.getKey() + "\": " + Arrays.stream(table.getValue())
                                    .mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
                        }).collect(Collectors.joining(", ")) + "}")
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
