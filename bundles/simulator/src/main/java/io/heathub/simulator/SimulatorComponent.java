package io.heathub.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import io.heathub.simulator.meters.BuildingMeters;
import io.heathub.simulator.meters.Faults;
import io.heathub.simulator.meters.MeterEnvironment;
import io.heathub.simulator.meters.MeterLine;
import io.heathub.simulator.meters.MeterPopulation;
import io.heathub.simulator.meters.SimulatedMeter;
import io.heathub.simulator.meters.Temperatures;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Runs the simulator inside the hub while the component is active. Activation binds both ports
 * (failing activation if they are taken); deactivation, or a configuration change, frees them.
 * With {@code meterPort} (default 15030) or {@code meterPty} set it also serves the demo meter line
 * ({@link MeterPopulation#DEMO}), whose heat meters see the thermal model's supply and return.
 */
@Component(service = {}, configurationPid = SimulatorComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = SimulatorConfig.class)
public final class SimulatorComponent {

    /** The configuration PID. */
    public static final String PID = "io.heathub.simulator";

    private static final System.Logger LOG = System.getLogger(SimulatorComponent.class.getName());

    private final Simulator simulator;
    private final MeterLineEndpoints meterLine;

    /** Starts the simulator unless {@code enabled=false}. */
    @Activate
    public SimulatorComponent(SimulatorConfig config) {
        if (!config.enabled()) {
            LOG.log(Level.INFO, "heathub simulator disabled by configuration");
            this.simulator = null;
            this.meterLine = null;
            return;
        }
        try {
            // The demo's outdoor curve follows the local wall clock.
            ThermalModel.Settings model = new ThermalModel.Settings(config.panels(), config.seed(),
                    config.outdoorMean(), config.outdoorAmplitude(), LocalTime.now().toSecondOfDay(),
                    ThermalModel.Settings.defaults(1).supplySetpoint(),
                    ThermalModel.Plant.of(config.drives(), config.driveFrequency(), config.boiler()),
                    ThermalModel.OutdoorScenario.parse(config.outdoorScenario()));
            List<Integer> tripped = trippedDrives(config.trippedDrives(), config.drives());
            this.simulator = Simulator.start(new Simulator.Options(InetAddress.getByName(config.bindAddress()),
                    config.plcPort(), config.panelPort(), config.stepSeconds(), model));
            tripped.forEach(unit -> simulator.model().tripDrive(unit - Simulator.FIRST_DRIVE_UNIT + 1));
            tripped.forEach(unit -> LOG.log(Level.INFO, "heathub simulator: pump drive unit " + unit + " tripped (trippedDrives)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.log(Level.INFO, simulator.banner());
        try {
            this.meterLine = startMeterLine(config, simulator);
        } catch (IOException | RuntimeException e) {
            simulator.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        if (meterLine != null) {
            meterLine.banner(simulator.bindAddress()).forEach(line -> LOG.log(Level.INFO, line));
        }
    }

    /**
     * The unit ids of {@code trippedDrives} ("3, 4"), each a drive of the plant's {@code drives}.
     *
     * @throws IllegalArgumentException naming the entry that is no number or no drive's unit
     */
    static List<Integer> trippedDrives(String spec, int drives) {
        List<Integer> units = new java.util.ArrayList<>();
        String text = spec == null ? "" : spec.trim();
        if (text.isEmpty()) {
            return units;
        }
        int last = Simulator.FIRST_DRIVE_UNIT + drives - 1;
        for (String entry : text.split(",", -1)) {
            String unit = entry.trim();
            int id;
            try {
                id = Integer.parseInt(unit);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("trippedDrives: \"" + unit + "\" is not a unit id (" + spec + ")");
            }
            if (id < Simulator.FIRST_DRIVE_UNIT || id > last) {
                throw new IllegalArgumentException("trippedDrives: unit " + id + " is no pump drive (the drives are "
                        + (drives == 0 ? "none: drives=0" : "units " + Simulator.FIRST_DRIVE_UNIT + ".." + last) + ")");
            }
            units.add(id);
        }
        return units;
    }

    /** The demo meter line, or null when neither meterPort nor meterPty is set. */
    static MeterLineEndpoints startMeterLine(SimulatorConfig config, Simulator simulator) throws IOException {
        Optional<Integer> port = config.meterPort() > 0 ? Optional.of(config.meterPort()) : Optional.empty();
        String ptyText = config.meterPty() == null ? "" : config.meterPty().trim();
        Optional<Path> pty = ptyText.isEmpty() ? Optional.empty() : Optional.of(Path.of(ptyText));
        if (port.isEmpty() && pty.isEmpty()) {
            return null;
        }
        MeterLine.Timing timing = new MeterLine.Timing(config.meterBaud(),
                Duration.ofMillis(config.meterTurnaroundMillis()), config.meterEcho());
        ThermalModel model = simulator.model();
        Supplier<Temperatures> network = () -> {
            ThermalModel.PlcState plc = model.plc();
            return new Temperatures(plc.supply(), plc.returnTemperature());
        };
        MeterEnvironment environment = new MeterEnvironment(scaledClock(config.stepSeconds()), MeterEnvironment.CHINA,
                Optional.of(network));
        Map<String, Faults> faults = Faults.parseList(config.meterFaults());
        List<BuildingMeters.Spec> buildings = BuildingMeters.parse(config.buildingMeters());
        Map<String, Faults> lineFaults = new LinkedHashMap<>(faults);
        lineFaults.keySet().removeAll(BuildingMeters.addresses(buildings));
        List<SimulatedMeter> meters = BuildingMeters.add(MeterPopulation.DEMO.build(config.seed(), environment, lineFaults),
                buildings, config.buildingLossPercent(), config.seed(), faults, environment);
        MeterLine line = new MeterLine(meters, timing);
        return MeterLineEndpoints.start(line, simulator.bindAddress(), port, pty);
    }

    /** Wall-clock time from now on, running {@code stepSeconds} times as fast (like the thermal model). */
    static InstantSource scaledClock(double stepSeconds) {
        if (stepSeconds == 1.0) {
            return InstantSource.system();
        }
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        return () -> start.plusNanos((long) ((System.nanoTime() - startNanos) * stepSeconds));
    }

    /** Stops the clock and closes both ports. */
    @Deactivate
    void deactivate() {
        if (meterLine != null) {
            meterLine.close();
        }
        if (simulator != null) {
            simulator.close();
            LOG.log(Level.INFO, "heathub simulator stopped");
        }
    }

    /** The running simulator, or null when disabled (package-private, for tests). */
    Simulator simulator() {
        return simulator;
    }

    /** The demo meter line, or null when off (package-private, for tests). */
    MeterLineEndpoints meterLine() {
        return meterLine;
    }
}
