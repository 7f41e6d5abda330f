package io.heathub.driver.dlt645;

import io.heathub.api.driver.FrameException;
import io.heathub.api.driver.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A multi-drop DL/T 645 line behind a serial-to-TCP converter (a local TCP peer): every meter
 * hears every request; a meter answers when addressed by its own address or the all-AA wildcard;
 * several simultaneous answers arrive as garbage (meter k's bytes rotated right by k bits and
 * OR-ed, as unsynchronised transmitters mix on the wire). With {@code echo} the line first
 * returns the request itself, as a half-duplex RS-485 adapter does.
 */
final class ScriptedLine implements AutoCloseable {
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final List<Meter> meters;
    private final boolean echo;

    /** A meter with its address and forward active energy. */
    record Meter(MeterAddress address, BigDecimal energy) {
        static Meter of(String address, String energy) {
            return new Meter(new MeterAddress(address), new BigDecimal(energy));
        }

        byte[] answer(byte[] request) {
            Dlt645Frame frame;
            try {
                frame = Dlt645Codec.parse(request);
            } catch (FrameException e) {
                return null;
            }
            if (frame.isReply()) {
                return null;
            }
            if (frame.function() == Dlt645Codec.READ_ADDRESS && frame.address().equals(MeterAddress.WILDCARD)) {
                return Dlt645Codec.readAddressReply(address, 2);
            }
            if (frame.function() == Dlt645Codec.READ_DATA && frame.address().equals(address)) {
                return Dlt645Codec.readReply(address, DataItem.FORWARD_ACTIVE_ENERGY, energy, 2);
            }
            return null;
        }
    }

    ScriptedLine(boolean echo, Meter... meters) throws IOException {
        this.echo = echo;
        this.meters = List.of(meters);
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread peer = new Thread(this::serve, "scripted-dlt645-line");
        peer.setDaemon(true);
        peer.start();
    }

    String uri() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    private void serve() {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                buffer.write(b);
                byte[] sofar = buffer.toByteArray();
                int length = Dlt645Codec.frameLength(sofar, sofar.length);
                if (length >= 0 && sofar.length >= length) {
                    buffer.reset();
                    requests.add(Dlt645Codec.hex(sofar));
                    byte[] heard = heard(sofar);
                    if (heard.length > 0) {
                        socket.getOutputStream().write(heard);
                        socket.getOutputStream().flush();
                    }
                }
            }
        } catch (IOException closed) {
            // test over
        }
    }

    private byte[] heard(byte[] request) {
        List<byte[]> answers = new ArrayList<>();
        for (Meter meter : meters) {
            byte[] answer = meter.answer(request);
            if (answer != null) {
                answers.add(answer);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (echo) {
            out.writeBytes(request);
        }
        if (answers.size() == 1) {
            out.writeBytes(answers.get(0));
        } else if (answers.size() > 1) {
            int length = answers.stream().mapToInt(a -> a.length).max().orElse(0);
            byte[] mixed = new byte[length];
            for (int k = 0; k < answers.size(); k++) {
                byte[] a = answers.get(k);
                for (int i = 0; i < a.length; i++) {
                    int v = a[i] & 0xFF;
                    mixed[i] |= (byte) (((v >>> (k % 8)) | (v << (8 - k % 8))) & 0xFF);
                }
            }
            out.writeBytes(mixed);
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** Records progress and asks to stop after a number of updates (or never: -1). */
    static final class RecordingProgress implements Progress {
        final List<long[]> updates = new CopyOnWriteArrayList<>();
        final List<String> messages = new CopyOnWriteArrayList<>();
        private final int cancelAfter;

        RecordingProgress(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void update(long done, long total, String message) {
            updates.add(new long[] {done, total});
            messages.add(message);
        }

        @Override
        public boolean cancelled() {
            return cancelAfter >= 0 && updates.size() >= cancelAfter;
        }

        long[] last() {
            return updates.get(updates.size() - 1);
        }
    }
}
