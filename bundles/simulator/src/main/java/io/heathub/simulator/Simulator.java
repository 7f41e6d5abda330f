package io.heathub.simulator;

import io.heathub.simulator.modbus.ModbusTcpServer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running simulated substation: the thermal model, a clock that steps it, the PLC on one Modbus
 * TCP port (unit 1) and the thermostat panels behind a second port (units 1..N).
 */
public final class Simulator implements AutoCloseable {

    /** Unit id of the substation PLC on its port. */
    public static final int PLC_UNIT = 1;
    /** Unit id of the heat source's controller on the PLC port (when the plant has a source). */
    public static final int BOILER_UNIT = 2;
    /** Unit id of the first pump drive on the PLC port; drive i (1-based) is unit {@code FIRST_DRIVE_UNIT + i - 1}. */
    public static final int FIRST_DRIVE_UNIT = 3;

    private static final System.Logger LOG = System.getLogger(Simulator.class.getName());
    private static final long TICK_MILLIS = 1000;

    /**
     * How to run.
     *
     * @param bindAddress where both ports listen (127.0.0.1 unless the demo needs more)
     * @param plcPort TCP port of the PLC; 0 picks a free port
     * @param panelPort TCP port of the panel gateway; 0 picks a free port
     * @param stepSeconds simulated seconds per real second (1 = real time, 0 = frozen clock)
     * @param model how to build the thermal model
     */
    public record Options(InetAddress bindAddress, int plcPort, int panelPort, double stepSeconds,
                          ThermalModel.Settings model) {
        /** Validates the ranges. */
        public Options {
            checkPort("plcPort", plcPort);
            checkPort("panelPort", panelPort);
            if (!(stepSeconds >= 0) || Double.isInfinite(stepSeconds)) {
                throw new IllegalArgumentException("stepSeconds must be finite and >= 0, got " + stepSeconds);
            }
        }

        private static void checkPort(String key, int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(key + " must be 0..65535, got " + port);
            }
        }
    }

    private final Options options;
    private final ThermalModel model;
    private final ModbusTcpServer plcServer;
    private final ModbusTcpServer panelServer;
    private final ScheduledExecutorService clock;
    private long lastTickNanos;

    private Simulator(Options options) throws IOException {
        this.options = options;
        this.model = new ThermalModel(options.model());
        this.plcServer = new ModbusTcpServer("simulator-plc", options.bindAddress(), options.plcPort(), plantUnits(model));
        try {
            Map<Integer, RegisterDevice> panels = new LinkedHashMap<>();
            for (int panel = 1; panel <= model.panels(); panel++) {
                panels.put(panel, new PanelRegisters(model, panel));
            }
            this.panelServer = new ModbusTcpServer("simulator-panels", options.bindAddress(),
                    options.panelPort(), panels);
        } catch (IOException | RuntimeException e) {
            plcServer.close();
            throw e;
        }
        this.clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "simulator-clock");
            thread.setDaemon(true);
            return thread;
        });
        lastTickNanos = System.nanoTime();
        clock.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The PLC port's units: the PLC, the boiler (if any) and the pump drives, as a gateway to the plant's controllers. */
    private static Map<Integer, RegisterDevice> plantUnits(ThermalModel model) {
        Map<Integer, RegisterDevice> units = new LinkedHashMap<>();
        units.put(PLC_UNIT, new PlcRegisters(model));
        if (model.settings().plant().source()) {
            units.put(BOILER_UNIT, new BoilerRegisters(model));
        }
        for (int drive = 1; drive <= model.drives(); drive++) {
            units.put(FIRST_DRIVE_UNIT + drive - 1, new DriveRegisters(model, drive));
        }
        return units;
    }

    /**
     * Builds the model, binds both ports and starts the clock.
     *
     * @throws IOException if a port cannot be bound (nothing is left open then)
     */
    public static Simulator start(Options options) throws IOException {
        return new Simulator(options);
    }

    /** The model behind the registers (to inspect or drive it directly). */
    public ThermalModel model() {
        return model;
    }

    /** The interface both ports listen on. */
    public InetAddress bindAddress() {
        return options.bindAddress();
    }

    /** The bound PLC port. */
    public int plcPort() {
        return plcServer.port();
    }

    /** The bound panel gateway port. */
    public int panelPort() {
        return panelServer.port();
    }

    /** One line that says where to connect. */
    public String banner() {
        String host = options.bindAddress().getHostAddress();
        ThermalModel.Plant plant = model.settings().plant();
        String plantUnits = (plant.source() ? ", boiler unit " + BOILER_UNIT : "") + (model.drives() == 0 ? ""
                : ", " + model.drives() + " FC 51 pump drive" + (model.drives() == 1 ? "" : "s") + " (unit"
                + (model.drives() == 1 ? " " + FIRST_DRIVE_UNIT : "s " + FIRST_DRIVE_UNIT + ".."
                + (FIRST_DRIVE_UNIT + model.drives() - 1)) + ", " + plant.nominalHz() + " Hz)");
        return "heathub simulator: PLC unit " + PLC_UNIT + plantUnits + " on " + host + ":" + plcPort() + ", "
                + model.panels() + " station panels (units 1.." + model.panels() + ") on " + host + ":"
                + panelPort() + ", clock x" + options.stepSeconds();
    }

    /** Stops the clock and both servers, freeing the ports. */
    @Override
    public void close() {
        clock.shutdownNow();
        panelServer.close();
        plcServer.close();
    }

    private void tick() {
        long now = System.nanoTime();
        double realSeconds = (now - lastTickNanos) / 1e9;
        lastTickNanos = now;
        try {
            model.step(realSeconds * options.stepSeconds());
        } catch (RuntimeException e) {
            // Keep the clock alive: a dead scheduler would freeze every register.
            LOG.log(Level.ERROR, "simulator step failed", e);
        }
    }
}
