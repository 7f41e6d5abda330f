package io.heathub.api.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LineSettingsTest {

    @Test
    void readsAndWritesTheUsualNotation() {
        LineSettings iec = LineSettings.parse(" 300 7e1 ");
        assertThat(iec).isEqualTo(new LineSettings(300, 7, LineSettings.Parity.EVEN, 1));
        assertThat(iec).hasToString("300 7E1");
        assertThat(LineSettings.parse("9600 8N2")).isEqualTo(new LineSettings(9600, 8, LineSettings.Parity.NONE, 2));
        assertThat(LineSettings.parse("2400 8O1").parity()).isEqualTo(LineSettings.Parity.ODD);
    }

    @Test
    void refusesWhatNoLineRunsAt() {
        assertThatThrownBy(() -> LineSettings.parse("300 9E1")).hasMessage(
                "expected line settings like 300 7E1 or 9600 8N1, got \"300 9E1\"");
        assertThatThrownBy(() -> LineSettings.parse("fast")).hasMessageContaining("got \"fast\"");
        assertThatThrownBy(() -> LineSettings.parse("9600 8E1 and a very long tail")).hasMessageContaining("…");
        assertThatThrownBy(() -> LineSettings.parse(null)).hasMessageContaining("got \"\"");
        assertThatThrownBy(() -> LineSettings.parse("9999999 8N1")).hasMessage("baud rate 9999999 is not 50..4000000");
        assertThatThrownBy(() -> new LineSettings(300, 7, LineSettings.Parity.EVEN, 3)).hasMessageContaining("stop bits 3");
    }

    @Test
    void aLinkThatIsNoSerialLineSaysSo() {
        Link tcp = new Link() {
            @Override
            public String uri() {
                return "tcp://10.0.0.5:4001";
            }

            @Override
            public void send(byte[] frame) {
            }

            @Override
            public byte[] receive(FrameBoundary frame, java.time.Duration timeout) {
                return new byte[0];
            }

            @Override
            public void purge() {
            }
        };
        assertThat(tcp.lineSettings()).isEmpty();
        assertThatThrownBy(() -> tcp.changeLineSettings(LineSettings.parse("300 7E1")))
                .hasMessage("tcp://10.0.0.5:4001: not a serial line: its settings cannot be changed to 300 7E1");
    }
}
