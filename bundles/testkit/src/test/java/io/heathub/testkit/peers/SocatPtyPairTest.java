package io.heathub.testkit.peers;

import static io.heathub.testkit.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.driver.LinkTimeoutException;
import io.heathub.testkit.line.PtyLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** socat's pty pair carries bytes both ways between two {@link PtyLink}s, and can be unplugged and plugged back. */
class SocatPtyPairTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void bytesPassBothWaysAndTheLinksKeepTheContract() throws Exception {
        try (SocatPtyPair pair = new SocatPtyPair(dir);
             PtyLink hub = new PtyLink(pair.hubEnd());
             PtyLink device = new PtyLink(pair.deviceEnd())) {
            hub.send(hex("02 10 20"));
            assertThat(device.receive((b, n) -> 3, TIMEOUT)).isEqualTo(hex("02 10 20"));
            device.send(hex("01 AA 03 01"));
            assertThat(hub.receive((b, n) -> n < 1 ? -1 : 1 + (b[0] & 0xFF), TIMEOUT)).isEqualTo(hex("01 AA"));
            assertThatThrownBy(() -> hub.receive((b, n) -> n < 1 ? -1 : 1 + (b[0] & 0xFF), Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(LinkTimeoutException.class, e -> assertThat(e.partial()).isEqualTo(hex("03 01")))
                    .hasMessage("serial:" + pair.hubEnd() + ": no complete frame within 200 ms, received 2 bytes: 03 01");
            assertThat(pair.log()).contains("starting data transfer loop");
        }
    }

    @Test
    void stopRemovesTheEndsAndStartBringsThemBackAtTheSamePaths() throws Exception {
        try (SocatPtyPair pair = new SocatPtyPair(dir)) {
            pair.stop();
            assertThat(pair.hubEnd()).doesNotExist();
            assertThat(pair.deviceEnd()).doesNotExist();
            pair.start();
            assertThat(Files.exists(pair.hubEnd()) && Files.exists(pair.deviceEnd())).isTrue();
            try (PtyLink hub = new PtyLink(pair.hubEnd()); PtyLink device = new PtyLink(pair.deviceEnd())) {
                device.send(hex("7E"));
                assertThat(hub.receive((b, n) -> 1, TIMEOUT)).isEqualTo(hex("7E"));
            }
        }
    }
}
