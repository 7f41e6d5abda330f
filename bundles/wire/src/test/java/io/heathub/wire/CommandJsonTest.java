package io.heathub.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommandJsonTest {
    private final CommandJson json = new CommandJson();

    private Command read(String text, String device) throws WireFormatException {
        return json.read(text.getBytes(UTF_8), device, "mqtt");
    }

    @Test
    void readsARequestTakingTheDeviceFromTheTopicAndTheAskerFromTheTransport() throws Exception {
        Command c = read("{\"requestId\":\"r-1\",\"point\":\"setpoint.room\",\"value\":21.5,\"requestedBy\":\"billing\"}",
                "room-101");
        assertThat(c).isEqualTo(new Command("r-1", "room-101", "setpoint.room", new BigDecimal("21.5"), "mqtt:billing"));
    }

    /**
     * Found by CommandJsonFuzzTest (seed crash-exponent-too-long-NumberFormatException): Jackson's
     * NumberFormatException escaped; and a refusal quoted the whole 64 KiB body it was sent.
     */
    @Test
    void hostileNumbersAndLongTextsAreRefusedWithShortMessages() {
        assertThatThrownBy(() -> read("{\"requestId\":\"r\",\"device\":\"d\",\"point\":\"p\",\"value\":0e6666666666666}", null))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("value: 0e6666666666666 is not a number that can be read (exponent out of range)");
        String longText = "x".repeat(60_000);
        assertThatThrownBy(() -> read("{\"requestId\":\"r\",\"device\":\"d\",\"point\":\"p\",\"value\":\"" + longText + "\"}", null))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("value is not a number: \"" + "x".repeat(64) + "… (60000 characters)\"");
        assertThatThrownBy(() -> read("{\"requestId\":\"" + longText + "\",\"point\":\"p\",\"value\":1}", "d"))
                .isInstanceOf(WireFormatException.class).message().hasSizeLessThan(400);
    }

    @Test
    void acceptsBooleansAndNumericStringsAsValues() throws Exception {
        assertThat(read("{\"requestId\":\"a\",\"device\":\"v1\",\"point\":\"valve.state\",\"value\":true}", null).value())
                .isEqualTo(BigDecimal.ONE);
        assertThat(read("{\"requestId\":\"a\",\"device\":\"v1\",\"point\":\"valve.state\",\"value\":\"0\"}", null).value())
                .isEqualTo(BigDecimal.ZERO);
    }

    @Test
    void refusesIncompleteOrUnknownFieldsWithTheReason() {
        assertThatThrownBy(() -> read("{\"point\":\"p\",\"value\":1}", "d")).hasMessageContaining("requestId");
        assertThatThrownBy(() -> read("{\"requestId\":\"r\",\"value\":1}", "d")).hasMessageContaining("needs a point");
        assertThatThrownBy(() -> read("{\"requestId\":\"r\",\"point\":\"p\"}", "d")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> read("{\"requestId\":\"r\",\"point\":\"p\",\"value\":1}", null))
                .hasMessageContaining("needs a device");
        assertThatThrownBy(() -> read("{\"requestId\":\"r\",\"point\":\"p\",\"value\":1,\"valu\":2}", "d"))
                .hasMessageContaining("unknown field \"valu\"");
        assertThatThrownBy(() -> read("{\"requestId\":\"r\",\"point\":\"p\",\"value\":\"warm\"}", "d"))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> read("[1]", "d")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> read("{\"requestId\":", "d")).isInstanceOf(WireFormatException.class);
    }

    @Test
    void hostileIdsValuesAndSizesAreRefusedAtTheDoor() {
        assertThatThrownBy(() -> read("{\"requestId\":\"r 1\",\"point\":\"p\",\"value\":1}", "d"))
                .hasMessageStartingWith("requestId \"r 1\" is not a request id");
        assertThatThrownBy(() -> read("{\"requestId\":\"" + "r".repeat(129) + "\",\"point\":\"p\",\"value\":1}", "d"))
                .hasMessageContaining("is not a request id (1-128");
        assertThatThrownBy(() -> read("{\"requestId\":\"r\",\"point\":\"p\",\"value\":1e10000}", "d"))
                .hasMessage("command r: value: 1E+10000 has more than 20 digits before or after the point");
        assertThatThrownBy(() -> read("{\"requestId\":\"r\",\"point\":\"p\",\"value\":1}", "a/b"))
                .hasMessageContaining("command r: device: \"a/b\" is not a device id");
        assertThatThrownBy(() -> read("{\"requestId\":\"r\",\"point\":\"set..x\",\"value\":1}", "d"))
                .hasMessageContaining("command r: point: \"set..x\" is not a point name");
        assertThatThrownBy(() -> read("{\"requestId\":\"r\",\"point\":\"p\",\"value\":1,\"requestedBy\":\""
                + "x".repeat(200) + "\"}", "d")).hasMessageContaining("requestedBy: at most 128 printable characters");
        assertThatThrownBy(() -> json.read(new byte[CommandJson.MAX_BYTES + 1], "d", "mqtt"))
                .hasMessage("a command of 65537 bytes is over the limit of 65536");
        assertThat(CommandJson.problem(new Command("control-1700000000000-1", "plc-1", "setpoint.supply",
                new BigDecimal("61.5"), "control"))).isEmpty();
    }

    @Test
    void writesResultsWithReadBackOnlyWhenThereIsOne() {
        Command c = new Command("r-9", "plc-1", "setpoint.supply", new BigDecimal("60"), "control");
        String done = new String(json.write(c, CommandResult.done("r-9", new BigDecimal("60.0")),
                Instant.parse("2026-11-23T01:00:00Z")), UTF_8);
        assertThat(done).isEqualTo("{\"requestId\":\"r-9\",\"device\":\"plc-1\",\"point\":\"setpoint.supply\","
                + "\"status\":\"DONE\",\"message\":\"\",\"readBack\":60.0,\"time\":\"2026-11-23T01:00:00Z\"}");
        String refused = new String(json.write(c, CommandResult.refused("r-9", "above 95"),
                Instant.parse("2026-11-23T01:00:00Z")), UTF_8);
        assertThat(refused).contains("\"status\":\"REFUSED\",\"message\":\"above 95\",\"time\"").doesNotContain("readBack");
    }

    @Test
    void findsTheRequestIdOfARefusedCommandSoThatTheRefusalCanBeAnswered() {
        assertThat(json.requestIdOf("{\"point\":{\"a\":[1]},\"requestId\":\"r-9\",\"value\":\"x\"}".getBytes(UTF_8)))
                .contains("r-9");
        // too big: the request id near the start is still read
        byte[] big = ("{\"requestId\":\"r-10\",\"device\":\"" + "d".repeat(CommandJson.MAX_BYTES) + "\"}").getBytes(UTF_8);
        assertThat(json.requestIdOf(big)).contains("r-10");
        assertThat(json.requestIdOf("not json".getBytes(UTF_8))).isEmpty();
        assertThat(json.requestIdOf("[\"requestId\"]".getBytes(UTF_8))).isEmpty();
        assertThat(json.requestIdOf("{\"requestId\":17}".getBytes(UTF_8))).isEmpty();
        assertThat(json.requestIdOf("{\"requestId\":\"no spaces allowed\"}".getBytes(UTF_8))).isEmpty();
        assertThat(json.requestIdOf("{\"point\":\"p\",".getBytes(UTF_8))).isEmpty();
        assertThat(json.requestIdOf(null)).isEmpty();
    }

    @Test
    void splitsAListOfCommandsIntoCommandsThatReadAsEachOnItsOwn() throws Exception {
        String list = "[{\"requestId\":\"h-1\",\"device\":\"room-101\",\"point\":\"setpoint.room\",\"value\":21},"
                + " \"not a command\", {\"requestId\":\"h-2\",\"value\":{\"nested\":[1,2]}}]";
        var commands = json.commandsOf(list.getBytes(UTF_8), 10);
        assertThat(commands).hasSize(3);
        assertThat(json.read(commands.get(0), null, "http:backend"))
                .isEqualTo(new Command("h-1", "room-101", "setpoint.room", new BigDecimal("21"), "http:backend"));
        assertThat(new String(commands.get(1), UTF_8)).isEqualTo("\"not a command\"");
        assertThat(json.requestIdOf(commands.get(2))).contains("h-2");
        assertThat(json.commandsOf("[]".getBytes(UTF_8), 10)).isEmpty();

        assertThatThrownBy(() -> json.commandsOf("[{},{},{}]".getBytes(UTF_8), 2))
                .hasMessage("more than 2 commands in one list");
        assertThatThrownBy(() -> json.commandsOf("{\"requestId\":\"h\"}".getBytes(UTF_8), 2))
                .hasMessageStartingWith("a list of commands is a JSON array");
        assertThatThrownBy(() -> json.commandsOf("[{\"a\":1}".getBytes(UTF_8), 2))
                .hasMessageStartingWith("list of commands is not valid JSON");
        assertThatThrownBy(() -> json.commandsOf("[] []".getBytes(UTF_8), 2))
                .hasMessage("text after the list of commands");
        String big = "[{\"requestId\":\"h\",\"device\":\"" + "d".repeat(CommandJson.MAX_BYTES) + "\"}]";
        assertThatThrownBy(() -> json.commandsOf(big.getBytes(UTF_8), 2)).hasMessageContaining("over the limit of 65536");
    }
}
