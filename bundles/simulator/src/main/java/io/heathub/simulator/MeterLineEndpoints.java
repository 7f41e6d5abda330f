package io.heathub.simulator;

import io.heathub.simulator.meters.MeterLine;
import io.heathub.simulator.meters.PtyMeterLine;
import io.heathub.simulator.meters.SimulatedMeter;
import io.heathub.simulator.meters.TcpMeterLineServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A meter line served on a TCP port, a pty, or both (the same meters on each). */
final class MeterLineEndpoints implements AutoCloseable {
    private final MeterLine line;
    private final TcpMeterLineServer tcp;
    private final PtyMeterLine pty;

    private MeterLineEndpoints(MeterLine line, TcpMeterLineServer tcp, PtyMeterLine pty) {
        this.line = line;
        this.tcp = tcp;
        this.pty = pty;
    }

    /**
     * Starts serving.
     *
     * @param tcpPort the port, 0 for a free one, or empty for no TCP endpoint
     * @param ptyPath the pty to open, or empty
     * @throws IOException when the port cannot be bound or the pty opened (nothing stays open)
     */
    static MeterLineEndpoints start(MeterLine line, InetAddress bindAddress, Optional<Integer> tcpPort,
                                    Optional<Path> ptyPath) throws IOException {
        TcpMeterLineServer tcp = tcpPort.isPresent() ? TcpMeterLineServer.start(line, bindAddress, tcpPort.get()) : null;
        try {
            PtyMeterLine pty = ptyPath.isPresent() ? PtyMeterLine.start(line, ptyPath.get()) : null;
            return new MeterLineEndpoints(line, tcp, pty);
        } catch (IOException | RuntimeException e) {
            if (tcp != null) {
                tcp.close();
            }
            throw e;
        }
    }

    MeterLine line() {
        return line;
    }

    /** The bound TCP port, if served on TCP. */
    Optional<Integer> tcpPort() {
        return tcp == null ? Optional.empty() : Optional.of(tcp.port());
    }

    /** Where the line is, its timing, then one line per meter. */
    List<String> banner(InetAddress bindAddress) {
        List<String> lines = new ArrayList<>();
        StringBuilder where = new StringBuilder("heathub simulator: meter line of ").append(line.meters().size())
                .append(" meters");
        if (tcp != null) {
            where.append(" on tcp ").append(bindAddress.getHostAddress()).append(':').append(tcp.port());
        }
        if (pty != null) {
            where.append(tcp != null ? " and" : "").append(" on pty ").append(pty.path());
        }
        MeterLine.Timing timing = line.timing();
        where.append(", ").append(timing.baud() == 0 ? "no line-time emulation" : timing.baud() + " baud (11 bits/char)")
                .append(", turnaround ").append(timing.turnaround().toMillis()).append(" ms")
                .append(timing.echo() ? ", echo" : "");
        lines.add(where.toString());
        for (SimulatedMeter meter : line.meters()) {
            lines.add("  " + meter.describe());
        }
        return lines;
    }

    @Override
    public void close() {
        if (pty != null) {
            pty.close();
        }
        if (tcp != null) {
            tcp.close();
        }
    }
}
