package io.heathub.drivertest;

import io.heathub.testkit.line.ScriptedDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One device the kit polls: its address and settings as an integrator writes them in
 * {@code site.yaml}, the scripted device that plays it on the line, and the readings a full poll
 * must give.
 */
public final class KitDevice {
    private final String address;
    private final ScriptedDevice peer;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<ExpectedReading> expected = new ArrayList<>();
    private String id;
    private String foundAs;

    private KitDevice(String address, ScriptedDevice peer) {
        this.address = Objects.requireNonNull(address, "address");
        this.peer = Objects.requireNonNull(peer, "peer");
    }

    /**
     * @param address the device's address as written in {@code site.yaml}
     * @param peer    the scripted device that answers for it; it must answer only frames
     *                addressed to it and ignore what it cannot parse, as a real device does
     */
    public static KitDevice at(String address, ScriptedDevice peer) {
        return new KitDevice(address, peer);
    }

    /** The device id (default {@code kit-device-1}, …). */
    public KitDevice id(String deviceId) {
        this.id = Objects.requireNonNull(deviceId, "deviceId");
        return this;
    }

    /** A driver setting, as under {@code settings:} in {@code site.yaml}. */
    public KitDevice setting(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** Readings a full poll ({@code read(Set.of())}) must give: every one, and no others. */
    public KitDevice expect(ExpectedReading... readings) {
        expected.addAll(Arrays.asList(readings));
        return this;
    }

    /** The address a scan reports for this device, when it differs from {@link #address()}. */
    public KitDevice foundAs(String scannedAddress) {
        this.foundAs = Objects.requireNonNull(scannedAddress, "scannedAddress");
        return this;
    }

    public String address() {
        return address;
    }

    public ScriptedDevice peer() {
        return peer;
    }

    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    public List<ExpectedReading> expected() {
        return List.copyOf(expected);
    }

    Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** The address a scan must report. */
    public String scannedAddress() {
        return foundAs == null ? address : foundAs;
    }
}
