package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.h2.store.fs.FilePath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The channel MVStore gets: an interrupted thread's operation completes, in place, and keeps its interrupt. */
class InterruptSafeFilePathTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void relativeAndPositionalWritesOfAnInterruptedThreadLandWhereTheyShould() throws Exception {
        Path file = dir.resolve("f.bin");
        try (FileChannel channel = FilePath.get(InterruptSafeFilePath.path(file)).open("rw")) {
            channel.write(text("abc"));

            Thread.currentThread().interrupt();
            channel.write(text("def"));              // relative: after "abc", not at 0 of a reopened channel
            channel.write(text("XY"), 1);            // positional
            channel.force(true);

            assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
            assertThat(channel.isOpen()).isTrue();
            assertThat(channel.position()).isEqualTo(6);
            assertThat(channel.size()).isEqualTo(6);
            ByteBuffer back = ByteBuffer.allocate(6);
            Thread.currentThread().interrupt();
            assertThat(channel.read(back, 0)).isEqualTo(6);
            assertThat(new String(back.array(), StandardCharsets.US_ASCII)).isEqualTo("aXYdef");
        }
        assertThat(Files.readString(file)).isEqualTo("aXYdef");
    }

    @Test
    void aPlainChannelWouldHaveClosed() throws Exception {
        // what MVStore used before: the reason for the wrapper
        try (FileChannel plain = FileChannel.open(dir.resolve("g.bin"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> plain.write(text("abc")))
                    .isInstanceOf(ClosedByInterruptException.class);
            assertThat(plain.isOpen()).isFalse();
        }
    }
}
