package io.heathub.tools;

import io.heathub.api.Reading;
import io.heathub.api.driver.FrameDecoder;
import io.heathub.api.driver.FrameException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * {@code bin/heathub decode --protocol cjt188|mbus|dlt645 [--set key=value]... HEX}: decodes one
 * reply frame and prints one JSON object per canonical reading per line. Exit status 0 when
 * decoded, 2 with one line saying what is wrong (with the byte offset) otherwise. Decoders are
 * found with {@link ServiceLoader} on the hub's bundle jars.
 */
public final class Decode {
    private final PrintStream out;
    private final PrintStream err;

    Decode(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Decode(System.out, System.err).run(args));
    }

    int run(String[] args) {
        String protocol = null;
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> hex = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--protocol" -> {
                    if (++i >= args.length) {
                        return usage("--protocol needs a name");
                    }
                    protocol = args[i];
                }
                case "--set" -> {
                    if (++i >= args.length || !args[i].contains("=")) {
                        return usage("--set needs key=value");
                    }
                    String[] kv = args[i].split("=", 2);
                    settings.put(kv[0].trim(), kv[1].trim());
                }
                case "-h", "--help" -> {
                    return usage(null);
                }
                default -> {
                    if (args[i].startsWith("--")) {
                        return usage("unknown option " + args[i]);
                    }
                    hex.add(args[i]);
                }
            }
        }
        if (protocol == null) {
            return usage("--protocol is required");
        }
        if (hex.isEmpty()) {
            return usage("give the frame as hex, e.g. \"68 20 32 41 ...\"");
        }
        Map<String, FrameDecoder> decoders = new LinkedHashMap<>();
        for (FrameDecoder d : ServiceLoader.load(FrameDecoder.class, Decode.class.getClassLoader())) {
            decoders.put(d.protocol(), d);
        }
        FrameDecoder decoder = decoders.get(protocol);
        if (decoder == null) {
            err.println("decode: unknown protocol '" + protocol + "' (available: "
                    + String.join(", ", new TreeSet<>(decoders.keySet())) + ")");
            return 2;
        }
        byte[] frame;
        try {
            frame = Hex.parse(String.join(" ", hex));
        } catch (IllegalArgumentException e) {
            err.println("decode: not hex: " + e.getMessage());
            return 2;
        }
        Instant receivedAt = Instant.now();
        try {
            for (Reading r : decoder.decode(frame, settings, receivedAt)) {
                // the time only when the frame carried a clock
                out.println(ReadingLines.line(r, !r.time().equals(receivedAt)));
            }
            return 0;
        } catch (FrameException e) {
            err.println("decode: " + protocol + ": " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            // A decoder bug, not the integrator's frame: still one line, but say so.
            err.println("decode: " + protocol + ": decoder failed on this frame (please report): " + e);
            return 2;
        }
    }

    private int usage(String problem) {
        if (problem != null) {
            err.println("decode: " + problem);
        }
        err.println("usage: heathub decode --protocol cjt188|mbus|dlt645 [--set key=value]... HEX");
        return 2;
    }
}
