package io.heathub.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.transport.SerialSettings.Parity;
import io.heathub.transport.SerialSettings.StopBits;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Serial bus URIs: defaults, every key, and errors that name the key, the value and what is allowed. */
class SerialSettingsTest {

    @Test
    void defaultsFollowCjt188AndMbusPractice() {
        SerialSettings s = SerialSettings.parse(URI.create("serial:/dev/ttyUSB0"));
        assertThat(s.path()).isEqualTo("/dev/ttyUSB0");
        assertThat(s.baud()).isEqualTo(2400);
        assertThat(s.dataBits()).isEqualTo(8);
        assertThat(s.parity()).isEqualTo(Parity.EVEN);
        assertThat(s.stopBits()).isEqualTo(StopBits.ONE);
        // 3.5 × 11 bits / 2400 baud = 16.04 ms, rounded up
        assertThat(s.interByteTimeout()).isEqualTo(Duration.ofMillis(17));
        assertThat(s.reconnectDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.uri()).isEqualTo("serial:/dev/ttyUSB0");
    }

    @Test
    void everyKeyIsRead() {
        SerialSettings s = SerialSettings.parse(URI.create("serial:/dev/ttyS1?baud=9600&dataBits=7&parity=ODD"
                + "&stopBits=1.5&interByteTimeout=50ms&reconnectDelay=200ms&maxReconnectDelay=5s"));
        assertThat(s.baud()).isEqualTo(9600);
        assertThat(s.dataBits()).isEqualTo(7);
        assertThat(s.parity()).isEqualTo(Parity.ODD);
        assertThat(s.stopBits()).isEqualTo(StopBits.ONE_AND_HALF);
        assertThat(s.interByteTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.reconnectDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(SerialSettings.parse(URI.create("serial:/dev/ttyS1?parity=mark&stopBits=2")).stopBits())
                .isEqualTo(StopBits.TWO);
        assertThat(SerialSettings.parse(URI.create("serial:/dev/ttyS1?parity=space")).parity()).isEqualTo(Parity.SPACE);
    }

    @Test
    void windowsPortNamesAndTripleSlashFormsWork() {
        assertThat(SerialSettings.parse(URI.create("serial:COM3?baud=9600")).path()).isEqualTo("COM3");
        assertThat(SerialSettings.parse(URI.create("serial:COM3?baud=9600")).baud()).isEqualTo(9600);
        assertThat(SerialSettings.parse(URI.create("serial:///dev/ttyUSB1")).path()).isEqualTo("/dev/ttyUSB1");
    }

    @Test
    void theDefaultInterByteTimeoutIsThreeAndAHalfCharactersButAtLeastTwoMilliseconds() {
        assertThat(SerialSettings.defaultInterByteTimeout(2400, 8, Parity.EVEN, StopBits.ONE)).hasMillis(17);
        assertThat(SerialSettings.defaultInterByteTimeout(9600, 8, Parity.NONE, StopBits.ONE)).hasMillis(4);
        assertThat(SerialSettings.defaultInterByteTimeout(1200, 8, Parity.EVEN, StopBits.TWO)).hasMillis(35);
        assertThat(SerialSettings.defaultInterByteTimeout(115200, 8, Parity.NONE, StopBits.ONE)).hasMillis(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "baud=fast           | option baud: expected a whole number from 50 to 4000000, got \"fast\"",
        "baud=0              | option baud: expected a whole number from 50 to 4000000, got \"0\"",
        "dataBits=9          | option dataBits: expected a whole number from 5 to 8, got \"9\"",
        "parity=weird        | option parity: expected one of none, even, odd, mark, space, got \"weird\"",
        "stopBits=3          | option stopBits: expected one of 1, 1.5, 2, got \"3\"",
        "interByteTimeout=soon | option interByteTimeout: expected a duration like 2s or 500ms, got \"soon\"",
        "interByteTimeout=0ms  | option interByteTimeout: expected a duration above zero like 50ms, got \"0ms\"",
        "reconnectDelay=x    | option reconnectDelay: expected a duration like 2s or 500ms, got \"x\"",
        "maxReconnectDelay=x | option maxReconnectDelay: expected a duration like 2s or 500ms, got \"x\"",
        "speed=9600          | unknown option 'speed'; allowed: baud, dataBits, interByteTimeout, maxReconnectDelay, parity, reconnectDelay, stopBits",
        "baud=2400&baud=9600 | option baud is given twice",
    })
    void aBadOptionNamesTheKeyTheValueAndWhatIsAllowed(String query, String problem) {
        String uri = "serial:/dev/ttyUSB0?" + query;
        assertThatThrownBy(() -> new SerialLinkFactory().open(URI.create(uri)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(uri + ": " + problem);
    }

    @Test
    void aMalformedSerialUriSaysWhatIsExpected() {
        SerialLinkFactory factory = new SerialLinkFactory();
        assertThatThrownBy(() -> factory.open(URI.create("serial://dev/ttyUSB0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("serial://dev/ttyUSB0: a serial URI has no host part ('dev'); "
                        + "write serial:/dev/ttyUSB0 with a single slash");
        assertThatThrownBy(() -> factory.open(URI.create("serial:/?baud=2400")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("serial:/?baud=2400: no serial device; expected serial:/dev/ttyUSB0");
        assertThatThrownBy(() -> factory.open(URI.create("tcp://127.0.0.1:502")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a serial URI");
        assertThat(factory.schemes()).containsExactly("serial");
    }
}
