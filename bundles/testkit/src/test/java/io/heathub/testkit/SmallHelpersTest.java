package io.heathub.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The kit's plain helpers behave like the things they stand for. */
class SmallHelpersTest {
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    private static Reading reading(int n) {
        return Reading.good("dev-" + n, "heat.energy", BigDecimal.valueOf(n), Unit.KWH, T0.plusSeconds(n));
    }

    @Test
    void theClockStandsStillUntilMovedAndAZoneViewSharesItsTime() {
        SettableClock clock = new SettableClock(T0);
        assertThat(clock.instant()).isEqualTo(T0);
        assertThat(clock.getZone()).isEqualTo(java.time.ZoneOffset.UTC);
        java.time.Clock shanghai = clock.withZone(ZoneId.of("Asia/Shanghai"));
        clock.advance(Duration.ofHours(3));
        assertThat(shanghai.instant()).isEqualTo(T0.plusSeconds(3 * 3600));
        assertThat(java.time.LocalDateTime.now(shanghai).getHour()).isEqualTo(19);
        clock.set(T0);
        assertThat(clock.millis()).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void theJournalKeepsPositionsAndCursorsAsTheDurableOneDoes() throws Exception {
        InMemoryJournal journal = new InMemoryJournal();
        journal.append(List.of(reading(1), reading(2), reading(3)));
        assertThat(journal.head()).isEqualTo(3);
        assertThat(journal.read("mqtt", 2)).extracting(JournalEntry::position).containsExactly(1L, 2L);
        assertThat(journal.read("mqtt", 2)).extracting(JournalEntry::position).as("read does not move").containsExactly(1L, 2L);
        journal.commit("mqtt", 2);
        assertThat(journal.read("mqtt", 10)).singleElement().satisfies(e -> assertThat(e.reading()).isEqualTo(reading(3)));
        assertThat(journal.backlog("mqtt")).isEqualTo(1);
        assertThat(journal.backlog("http")).isEqualTo(3);
        assertThatThrownBy(() -> journal.commit("mqtt", 1)).hasMessageContaining("outside 2..3");
        assertThatThrownBy(() -> journal.commit("mqtt", 4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(journal.commits()).isEqualTo(1);
        assertThat(journal.readingsUpTo(2)).containsExactly(reading(1), reading(2));
        journal.refuse(true);
        assertThatThrownBy(() -> journal.append(List.of(reading(4)))).isInstanceOf(JournalException.class)
                .hasMessage("disk full (test)");
        journal.refuse(false);
        journal.append(List.of(reading(4)));
        assertThat(journal.all()).hasSize(4);
    }

    @Test
    void waitsReturnAsSoonAsTrueAndFailWithTheDiagnostics() {
        AtomicInteger polls = new AtomicInteger();
        Waits.until(Duration.ofSeconds(5), "third poll", () -> polls.incrementAndGet() >= 3);
        assertThat(polls).hasValue(3);
        assertThatThrownBy(() -> Waits.until(Duration.ofMillis(100), "never", () -> "broker log: nothing", () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after 100 ms waiting for never\nbroker log: nothing");
    }

    @Test
    void aFreePortCanBeBoundAndAcceptsOnlyOnceBound() throws Exception {
        int port = FreePorts.tcp();
        assertThat(FreePorts.accepts(port)).isFalse();
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(FreePorts.accepts(port)).isTrue();
        }
    }

    @Test
    void theLogCaptureSeesFormattedLinesUntilClosed() {
        Logger logger = Logger.getLogger(SmallHelpersTest.class.getName());
        LogCapture capture = LogCapture.of(SmallHelpersTest.class);
        logger.log(java.util.logging.Level.WARNING, "broker {0} refused", "tcp://x");
        logger.fine("below INFO");
        capture.close();
        logger.warning("after close");
        assertThat(capture.lines()).containsExactly("WARNING broker tcp://x refused");
    }

    @Test
    void progressIsRecordedAndCancelsAfterTheAskedUpdates() {
        RecordingProgress progress = RecordingProgress.cancellingAfter(2);
        progress.update(0, 5, "start");
        assertThat(progress.cancelled()).isFalse();
        progress.update(1, 5, "address 1");
        assertThat(progress.cancelled()).isTrue();
        assertThat(progress.last()).containsExactly(1, 5);
        assertThat(progress.messages()).containsExactly("start", "address 1");
        assertThat(RecordingProgress.recording().cancelled()).isFalse();
    }

    @Test
    void bytesParseAndPrintHexAndDamageFrames() {
        byte[] frame = Bytes.hex("68 20\n32 aa");
        assertThat(Bytes.hex(frame)).isEqualTo("68 20 32 AA");
        assertThat(Bytes.hex(Bytes.truncated(frame, 2))).isEqualTo("68 20");
        assertThat(Bytes.hex(Bytes.flipped(frame, 3, 0))).isEqualTo("68 20 32 AB");
        assertThat(Bytes.hex(Bytes.concat(frame, Bytes.hex("16")))).isEqualTo("68 20 32 AA 16");
        assertThat(Bytes.noise(8, 1)).isEqualTo(Bytes.noise(8, 1)).hasSize(8);
        assertThatThrownBy(() -> Bytes.hex("6")).hasMessageContaining("odd number");
    }
}
