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
import java.util.concurrent.Callable;
import io.heathub.tools.cli.Heathub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code heathub decode --protocol cjt188|mbus|dlt645 [--set key=value]... HEX}: decodes one
 * reply frame and prints one JSON object per canonical reading per line. Exit status 0 when
 * decoded, 2 with one line saying what is wrong (with the byte offset) otherwise. Decoders are
 * found with {@link ServiceLoader} on the hub's bundle jars.
 */
@Command(name = "decode", description = "Decode one reply frame: one JSON object per canonical reading per line.")
public final class Decode implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", paramLabel = "NAME", description = "cjt188, mbus, dlt645 (the decoders found)")
    String protocol;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a per-model setting, e.g. unitPosition=before")
    Map<String, String> settings = new LinkedHashMap<>();

    @Parameters(paramLabel = "HEX", arity = "0..*", description = "the frame; spaces, colons and 0x optional")
    List<String> hex = new ArrayList<>();

    public Decode(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs {@code heathub decode ARGS}; the exit status. */
    int run(String[] args) {
        return Heathub.executeOne(this, "decode", out, err, args);
    }

    @Override
    public Integer call() {
        if (protocol == null) {
            throw Heathub.usage(spec, "--protocol is required");
        }
        if (hex.isEmpty()) {
            throw Heathub.usage(spec, "give the frame as hex, e.g. \"68 20 32 41 ...\"");
        }
        Map<String, FrameDecoder> decoders = new LinkedHashMap<>();
        for (FrameDecoder d : ServiceLoader.load(FrameDecoder.class, Decode.class.getClassLoader())) {
            decoders.put(d.protocol(), d);
        }
        FrameDecoder decoder = decoders.get(protocol);
        if (decoder == null) {
            throw Heathub.usage(spec, "unknown protocol '" + protocol + "' (available: "
                    + String.join(", ", new TreeSet<>(decoders.keySet())) + ")");
        }
        byte[] frame;
        try {
            frame = Hex.parse(String.join(" ", hex));
        } catch (IllegalArgumentException e) {
            throw Heathub.usage(spec, "not hex: " + e.getMessage());
        }
        Instant receivedAt = Instant.now();
        try {
            for (Reading r : decoder.decode(frame, settings, receivedAt)) {
                // the time only when the frame carried a clock
                out.println(ReadingLines.line(r, !r.time().equals(receivedAt)));
            }
            return 0;
        } catch (FrameException e) {
            err.println("heathub decode: " + protocol + ": " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            // A decoder bug, not the integrator's frame: still one line, but say so.
            err.println("heathub decode: " + protocol + ": decoder failed on this frame (please report): " + e);
            return 2;
        }
    }
}
