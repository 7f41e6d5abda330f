package io.heathub.driver.mbus;

import static io.heathub.testkit.Bytes.concat;
import static io.heathub.testkit.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Reading;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.testkit.line.ScriptedLine;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MbusDriverTest {
    private static final byte[] POLLUTHERM = hex(Frames.POLLUTHERM); // A field 8, id 21050076, SPX
    private final MbusDriver driver = new MbusDriver();

    private static DeviceConfig device(String address, Map<String, String> settings) {
        return new DeviceConfig("hm-1", "mbus", "line1", address, settings, Duration.ofMinutes(1), Path.of("config"),
                "config/site.yaml:7");
    }

    @Test
    void primaryPollsSendReqUd2WithTogglingFcbAndDecodeTheReply() throws Exception {
        ScriptedLine link = MbusLine.answering(request -> (request[0] == 0x10 && request[2] == 8) ? POLLUTHERM : null);
        DeviceSession session = driver.open(device("8", Map.of()), link);

        List<Reading> first = session.read(Set.of());
        session.read(Set.of());
        List<Reading> third = session.read(Set.of("heat.energy", "temp.return", "nonexistent"));

        // 10 C A CS 16 with CS = C + A: FCB set on the first poll, then alternating
        assertThat(link.sentHex()).containsExactly("10 7B 08 83 16", "10 5B 08 63 16", "10 7B 08 83 16");
        assertThat(link.purges()).isEqualTo(3);
        assertThat(first).extracting(Reading::point)
                .containsExactly("heat.energy", "volume", "heat.power", "temp.supply", "temp.return");
        assertThat(first).allSatisfy(r -> assertThat(r.device()).isEqualTo("hm-1"));
        assertThat(first.get(0).value()).isEqualByComparingTo("8640");
        assertThat(third).extracting(Reading::point).containsExactly("heat.energy", "temp.return");
    }

    @Test
    void secondaryAddressResetsSelectsAndReadsAddress253() throws Exception {
        ScriptedLine link = MbusLine.answering(request -> {
            int c = request[0] == 0x68 ? request[4] & 0xFF : request[1] & 0xFF;
            if (c == 0x53) {
                return hex("E5"); // selected
            }
            if ((c & 0xDF) == 0x5B) {
                return POLLUTHERM;
            }
            return null; // SND_NKE to FD: nobody was selected, silence
        });
        DeviceSession session = driver.open(device("21050076.SPX.31.04", Map.of("timeout", "200ms")), link);

        List<Reading> readings = session.read(Set.of());
        session.read(Set.of());

        // select: 68 0B 0B 68 53 FD 52, id 76 00 05 21, manufacturer SPX = 4E18 LSB first, version 31, medium 04
        String select = "68 0B 0B 68 53 FD 52 76 00 05 21 18 4E 31 04 "
                + String.format("%02X", MbusFrames.checksum(hex("53 FD 52 76 00 05 21 18 4E 31 04"), 0, 11)) + " 16";
        assertThat(link.sentHex()).containsExactly(
                "10 40 FD 3D 16", select, "10 7B FD 78 16",
                "10 40 FD 3D 16", select, "10 5B FD 58 16");
        assertThat(readings).hasSize(5);
    }

    @Test
    void secondaryWithWildcardsAndAWrongMeterAnswering() throws Exception {
        ScriptedLine link = MbusLine.answering(request -> request[0] == 0x68 ? hex("E5")
                : (request[1] & 0xDF) == 0x5B ? POLLUTHERM : null);
        DeviceSession session = driver.open(device("12345678", Map.of()), link);
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED))
                .hasMessageContaining("the selected meter is 21050076 SPX, not the one configured");
        assertThat(link.sentHex().get(1)).startsWith("68 0B 0B 68 53 FD 52 78 56 34 12 FF FF FF FF ");
    }

    @Test
    void selectWithoutAckIsATimeoutAndACollisionIsMalformed() throws Exception {
        DeviceSession silent = driver.open(device("21050076", Map.of()), MbusLine.answering(request -> null));
        assertThatThrownBy(() -> silent.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                .hasMessageContaining("no meter acknowledged the select 68 0B 0B 68 53 FD 52");
        DeviceSession garbled = driver.open(device("21050076", Map.of()),
                MbusLine.answering(request -> request[0] == 0x68 ? hex("C5") : null));
        assertThatThrownBy(() -> garbled.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED))
                .hasMessageContaining("select answered with C5 instead of E5");
    }

    @Test
    void silenceIsATimeoutNamingTheRequestAndPartialRepliesAreShown() throws Exception {
        DeviceSession silent = driver.open(device("8", Map.of()), MbusLine.answering(request -> null));
        assertThatThrownBy(() -> silent.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                .hasMessage("M-Bus primary 8: no reply to REQ_UD2 10 7B 08 83 16 within"
                        + " 1000 ms");
        DeviceSession cut = driver.open(device("8", Map.of()),
                MbusLine.answering(request -> java.util.Arrays.copyOf(POLLUTHERM, 10)));
        assertThatThrownBy(() -> cut.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                .hasMessageEndingWith("; received only 68 42 42 68 08 08 72 76 00 05");
    }

    @Test
    void badChecksumAndForeignAddressAreReported() throws Exception {
        byte[] corrupt = POLLUTHERM.clone();
        corrupt[25] ^= 0x10;
        DeviceSession session = driver.open(device("8", Map.of()), MbusLine.answering(request -> corrupt));
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CHECKSUM))
                .hasMessageContaining("reply to REQ_UD2: byte 70: checksum is 0xB3, computed 0xC3");
        // a reply from another primary address is not ours: skipped, and named when nothing else comes
        DeviceSession other = driver.open(device("9", Map.of()), MbusLine.answering(request -> POLLUTHERM));
        assertThatThrownBy(() -> other.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                .hasMessageContaining("no reply to REQ_UD2 10 7B 09 84 16")
                .hasMessageContaining("skipped a reply from primary address 8, not 9");
    }

    @Test
    void theEchoOfEachRequestAndALateReplyFromAnotherMeterAreSkipped() throws Exception {
        byte[] late = MbusLine.Meter.heat(3, "11111111").rspUd();
        ScriptedLine link = MbusLine.answering(request -> request[0] == 0x10 && request[2] == 8
                ? concat(late, POLLUTHERM) : null).echo();
        List<Reading> readings = driver.open(device("8", Map.of()), link).read(Set.of("heat.energy"));
        assertThat(readings).singleElement().satisfies(r -> assertThat(r.value()).isEqualByComparingTo("8640"));
    }

    @Test
    void aSecondaryPollSkipsTheEchoOfTheSelect() throws Exception {
        ScriptedLine line = MbusLine.of(MbusLine.Meter.heat(0, "21050076"), MbusLine.Meter.heat(0, "21050077"));
        ScriptedLine link = line.echo();
        List<Reading> readings = driver.open(device("21050077", Map.of("timeout", "100ms")), link).read(Set.of());
        assertThat(readings).extracting(Reading::point).containsExactly("heat.energy");
        // the echo of SND_NKE, the select (a long frame from the master) and REQ_UD2 were all skipped
        assertThat(link.sentHex()).hasSize(3);
    }

    @Test
    void validateMakesTheSameChecksWithoutALink() throws Exception {
        driver.validate(device("71000002.HHS.01.04", Map.of("timeout", "3s")));
        assertThatThrownBy(() -> driver.validate(device("251", Map.of())))
                .hasMessageStartingWith("address: expected a primary address");
        assertThatThrownBy(() -> driver.validate(device("1", Map.of("baud", "2400"))))
                .hasMessageStartingWith("settings.baud: unknown setting");
    }

    @Test
    void invalidAddressesAndSettingsAreConfigErrorsNamingDeviceAndField() {
        for (String bad : new String[] {"251", "-1", "abc", "1234567", "123456789", "12345678.SP", "12345678.SPX.1G",
                ""}) {
            assertThatThrownBy(() -> driver.open(device(bad, Map.of()), MbusLine.answering(r -> null)))
                    .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFIG))
                    .hasMessageStartingWith("address: expected a primary address"
                            + " 0..250 or a secondary address");
        }
        assertThatThrownBy(() -> driver.open(device("1", Map.of("timeout", "soon")), MbusLine.answering(r -> null)))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFIG))
                .hasMessage("settings.timeout: expected a duration like 1s or 500ms,"
                        + " got \"soon\"");
        assertThatThrownBy(() -> driver.open(device("1", Map.of("baud", "2400")), MbusLine.answering(r -> null)))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFIG))
                .hasMessageContaining("settings.baud: unknown setting");
    }

    @Test
    void validAddressFormsOpenWithoutIoAndCommandsAreRefused() throws Exception {
        ScriptedLine link = MbusLine.answering(r -> null);
        for (String good : new String[] {"0", "250", "12345678", "12345678.spx", "12345678.SPX.01", "12345678.SPX.01.04"}) {
            driver.open(device(good, Map.of()), link);
        }
        assertThat(link.sentHex()).isEmpty();
        CommandResult result = driver.open(device("1", Map.of()), link)
                .execute(new Command("r1", "hm-1", "heat.energy", BigDecimal.ONE, "test"));
        assertThat(result.status()).isEqualTo(CommandResult.Status.REFUSED);
        assertThat(driver.info().id()).isEqualTo("mbus");
    }
}
