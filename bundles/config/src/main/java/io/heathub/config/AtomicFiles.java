package io.heathub.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;

/**
 * Replaces a file whole, for the small state files the hub keeps beside its journal (credentials,
 * control state, record logs, feed marks): the new content is written to a hidden temporary file
 * next to it, forced to the device, renamed over the file and the folder forced. A crash or a power
 * cut at any point leaves the old content or the new one, never a mix or an empty file.
 */
public final class AtomicFiles {
    /** Writes the new content; called once with the temporary file's channel. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Replaces {@code file} with {@code bytes}; {@code attributes} apply to the new file (e.g. mode 0600). */
    public static void replace(Path file, byte[] bytes, FileAttribute<?>... attributes) throws IOException {
        replace(file, out -> writeFully(out, ByteBuffer.wrap(bytes)), attributes);
    }

    /** Replaces {@code file} with what {@code content} writes; if it throws, the old file stays as it was. */
    public static void replace(Path file, Content content, FileAttribute<?>... attributes) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path folder = absolute.getParent();
        Files.createDirectories(folder);
        Path temporary = folder.resolve("." + absolute.getFileName() + ".tmp");
        Files.deleteIfExists(temporary); // left by a crash mid-write
        try {
            try (FileChannel out = FileChannel.open(temporary,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
                content.writeTo(out);
                out.force(true); // the data is on the device before the name points at it
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        forceFolder(folder);
    }

    /** Writes all of {@code buffer} (a channel may take fewer bytes per call). */
    public static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /** Makes the rename durable where the platform allows (opening a folder for sync fails on some). */
    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported here: the rename is still atomic, only its durability is the file system's
        }
    }
}
