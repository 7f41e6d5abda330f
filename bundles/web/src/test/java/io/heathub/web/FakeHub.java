package io.heathub.web;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.hub.BusStatus;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A fixed in-test HubStatus. */
record FakeHub(List<DeviceStatus> devices, List<Reading> latest, List<String> configErrors) implements HubStatus {
    static final Instant T = Instant.parse("2026-11-23T09:30:00Z");

    static FakeHub healthy() {
        return new FakeHub(
                List.of(new DeviceStatus("panel-1", "modbus", "panels", DeviceStatus.State.FAILING, "timeout after 1s",
                                Optional.empty(), 0, 3),
                        new DeviceStatus("plc-1", "modbus", "plc", DeviceStatus.State.RUNNING, "",
                                Optional.of(T), 12, 1)),
                List.of(Reading.good("panel-1", "temp.room", new BigDecimal("21.5"), Unit.CELSIUS, T),
                        Reading.good("plc-1", "temp.supply", new BigDecimal("71.25"), Unit.CELSIUS, T),
                        Reading.good("plc-1", "valve.opening", new BigDecimal("40"), Unit.PERCENT, T)),
                List.of());
    }

    @Override
    public List<BusStatus> buses() {
        return List.of(new BusStatus("meters", "serial:/dev/ttyUSB0?baud=2400", 120, 3, 1, 2, 1440, 9120, 37.25, 412.34, 1830.06));
    }
}
