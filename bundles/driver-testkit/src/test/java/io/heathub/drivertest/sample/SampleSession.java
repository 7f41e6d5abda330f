package io.heathub.drivertest.sample;

import io.heathub.api.Points;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.FrameException;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkFactory;
import io.heathub.api.driver.LinkTimeoutException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One sample meter: a poll is two requests (energy block, temperature block). */
final class SampleSession implements DeviceSession {
    private final String device;
    private final int address;
    private final Link link;
    private final Duration timeout;
    private final Set<Flaw> flaws;
    private boolean broken;
    private int polls;
    private byte[] lastReply = new byte[0];

    SampleSession(String device, int address, Link link, Duration timeout, Set<Flaw> flaws) {
        this.device = device;
        this.address = address;
        this.link = link;
        this.timeout = flaws.contains(Flaw.FIXED_SHORT_TIMEOUT) ? Duration.ofMillis(200) : timeout;
        this.flaws = flaws;
    }

    @Override
    public List<Reading> read(Set<String> points) throws DeviceException {
        if (broken) {
            throw new DeviceException(Kind.IO, "session lost after an earlier failure");
        }
        try {
            return readNow(points);
        } catch (DeviceException e) {
            broken = flaws.contains(Flaw.BROKEN_AFTER_FAILURE);
            throw e;
        }
    }

    private List<Reading> readNow(Set<String> points) throws DeviceException {
        if (flaws.contains(Flaw.SLEEPS) && ++polls == 2) { // once: the kit notices the first time
            try {
                Thread.sleep(2500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Instant now = Instant.now();
        List<Reading> readings = new ArrayList<>();
        byte[] energy = request(SampleCodec.READ_ENERGY);
        readings.addAll(decoded(() -> SampleFrameDecoder.energy(device, energy, now, flaws)));
        byte[] temperatures;
        try {
            temperatures = request(SampleCodec.READ_TEMPERATURES);
        } catch (DeviceException e) {
            if (flaws.contains(Flaw.PARTIAL_POLL) && e.kind() == Kind.TIMEOUT) {
                return readings;
            }
            throw e;
        }
        byte[] t = temperatures;
        readings.addAll(decoded(() -> SampleFrameDecoder.temperatures(device, t, now, flaws)));
        if (points.isEmpty() || flaws.contains(Flaw.ALL_POINTS_ALWAYS)) {
            return readings;
        }
        return readings.stream().filter(r -> points.contains(r.point())).toList();
    }

    private interface Decoding {
        List<Reading> run() throws FrameException;
    }

    /** A decoding failure keeps its kind and shows the reply. */
    private List<Reading> decoded(Decoding decoding) throws DeviceException {
        try {
            return decoding.run();
        } catch (FrameException e) {
            throw new DeviceException(e.kind(), e.getMessage() + " in " + SampleCodec.hex(lastReply), e);
        }
    }

    /** One exchange; returns the checked data of the reply. */
    private byte[] request(int command, byte... data) throws DeviceException {
        byte[] request = SampleCodec.frame(address, command, data);
        String prefix = flaws.contains(Flaw.NAMES_THE_DEVICE) ? "device " + device + ": " : "";
        int attempts = flaws.contains(Flaw.RETRIES_SILENCE) ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            byte[] reply;
            try {
                reply = link.exchange(request, SampleCodec::frameLength, timeout, this::ours);
                lastReply = reply;
            } catch (LinkTimeoutException e) {
                if (attempt < attempts) {
                    continue;
                }
                Kind kind = flaws.contains(Flaw.TIMEOUT_AS_IO) ? Kind.IO : Kind.TIMEOUT;
                throw new DeviceException(kind, prefix + "no reply to " + SampleCodec.hex(request) + " within "
                        + timeout.toMillis() + " ms; received [" + SampleCodec.hex(e.partial()) + "]", e);
            } catch (IOException e) {
                throw new DeviceException(Kind.IO, prefix + e.getMessage(), e);
            }
            try {
                return SampleCodec.data(reply, command, !flaws.contains(Flaw.IGNORES_CHECKSUM));
            } catch (FrameException e) {
                Kind kind = flaws.contains(Flaw.GARBAGE_AS_CONFIG) ? Kind.CONFIG : e.kind();
                String message = flaws.contains(Flaw.NO_HEX_IN_MESSAGES) ? "the reply is garbled" : e.getMessage();
                throw new DeviceException(kind, prefix + message, e);
            }
        }
    }

    /** Skips the echo of the request and replies from other addresses. */
    private boolean ours(byte[] frame) {
        if (flaws.contains(Flaw.TAKES_THE_ECHO)) {
            return true;
        }
        if (SampleCodec.isRequest(frame)) {
            return false;
        }
        return flaws.contains(Flaw.NO_ADDRESS_CHECK) || frame.length < 2 || (frame[0] & 0xFF) != SampleCodec.START
                || (frame[1] & 0xFF) == address;
    }

    @Override
    public CommandResult execute(Command command) throws DeviceException {
        if (!Points.SETPOINT_SUPPLY.equals(command.point())) {
            if (flaws.contains(Flaw.WRITES_UNKNOWN_POINTS)) {
                request(SampleCodec.WRITE_SETPOINT, (byte) 0, (byte) 0);
            }
            return CommandResult.refused(command.requestId(), "only " + Points.SETPOINT_SUPPLY + " can be written");
        }
        int tenths = command.value().movePointRight(1).intValueExact();
        byte[] back;
        try {
            back = request(SampleCodec.WRITE_SETPOINT, (byte) (tenths >> 8), (byte) tenths);
        } catch (DeviceException e) {
            if (flaws.contains(Flaw.COMMAND_IGNORES_SILENCE)) {
                return CommandResult.done(command.requestId(), command.value());
            }
            throw e;
        }
        BigDecimal readBack = BigDecimal.valueOf(SampleCodec.s16(back, 0), 1);
        return CommandResult.done(command.requestId(), flaws.contains(Flaw.NO_READ_BACK) ? null : readBack);
    }

    @Override
    public void close() {
        if (flaws.contains(Flaw.THROWS_ON_CLOSE)) {
            throw new IllegalStateException("already closed");
        }
        if (flaws.contains(Flaw.CLOSES_THE_LINK) && link instanceof LinkFactory.ManagedLink managed) {
            managed.close();
        }
    }

    static Unit unitOf(Set<Flaw> flaws) {
        return flaws.contains(Flaw.VOLUME_WITHOUT_UNIT) ? Unit.NONE : Unit.CUBIC_METRE;
    }
}
