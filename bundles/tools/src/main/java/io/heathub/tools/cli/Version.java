package io.heathub.tools.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import picocli.CommandLine.Command;

/**
 * {@code heathub version}: the hub's version (the tools bundle's {@code Bundle-Version}, built with
 * every other bundle of the distribution), the Java running it and the operating system — what a
 * bug report needs.
 */
@Command(name = "version", description = "The hub's version, the Java and the operating system it runs on.")
final class Version implements Callable<Integer> {
    private final PrintStream out;

    Version(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        out.println("heathub " + hubVersion());
        out.println("Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ", "
                + System.getProperty("java.home", "?") + ")");
        out.println("OS " + System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " "
                + System.getProperty("os.arch", "?"));
        return 0;
    }

    /** The Bundle-Version of the jar (or classes folder) this class came from; "unknown" without one. */
    static String hubVersion() {
        try {
            Path from = Path.of(Version.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Manifest manifest;
            if (Files.isDirectory(from)) {
                Path file = from.resolve("META-INF/MANIFEST.MF");
                if (!Files.isRegularFile(file)) {
                    return "unknown (no manifest in " + from + ")";
                }
                try (InputStream in = Files.newInputStream(file)) {
                    manifest = new Manifest(in);
                }
            } else {
                try (JarFile jar = new JarFile(from.toFile())) {
                    manifest = jar.getManifest();
                }
            }
            String version = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-Version");
            return version == null ? "unknown (no Bundle-Version in " + from + ")" : version;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
