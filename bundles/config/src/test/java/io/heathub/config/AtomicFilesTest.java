package io.heathub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheContentAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("state/control.properties"); // the folder does not exist yet
        AtomicFiles.replace(file, "a=1\n".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.replace(file, "a=2\nb=3\n".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(file)).isEqualTo("a=2\nb=3\n");
        try (var left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("control.properties");
        }
    }

    @Test
    void aTemporaryFileLeftByACrashDoesNotStopTheNextReplace() throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, "old\n");
        Files.writeString(dir.resolve(".users.tmp"), "half a wri");

        AtomicFiles.replace(file, "new\n".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(file)).isEqualTo("new\n");
        assertThat(dir.resolve(".users.tmp")).doesNotExist();
    }

    @Test
    void contentThatFailsHalfWayLeavesTheOldFileAsItWas() throws IOException {
        Path file = dir.resolve("alarms.jsonl");
        Files.writeString(file, "{\"kept\":true}\n");

        assertThatThrownBy(() -> AtomicFiles.replace(file, out -> {
            AtomicFiles.writeFully(out, ByteBuffer.wrap("{\"half\":".getBytes(StandardCharsets.UTF_8)));
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");

        assertThat(Files.readString(file)).isEqualTo("{\"kept\":true}\n");
        assertThat(dir.resolve(".alarms.jsonl.tmp")).doesNotExist();
    }

    @Test
    void theNewFileGetsTheAttributesAskedFor() throws IOException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        Path file = dir.resolve("tokens");
        Files.writeString(file, "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        AtomicFiles.replace(file, "secret\n".getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.asFileAttribute(ownerOnly));

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(ownerOnly);
    }
}
