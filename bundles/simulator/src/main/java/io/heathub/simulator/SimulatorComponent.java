package io.heathub.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.LocalTime;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Runs the simulator inside the hub while the component is active. Activation binds both ports
 * (failing activation if they are taken); deactivation, or a configuration change, frees them.
 */
@Component(service = {}, configurationPid = SimulatorComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = SimulatorConfig.class)
public final class SimulatorComponent {

    /** The configuration PID. */
    public static final String PID = "io.heathub.simulator";

    private static final System.Logger LOG = System.getLogger(SimulatorComponent.class.getName());

    private final Simulator simulator;

    /** Starts the simulator unless {@code enabled=false}. */
    @Activate
    public SimulatorComponent(SimulatorConfig config) {
        if (!config.enabled()) {
            LOG.log(Level.INFO, "heathub simulator disabled by configuration");
            this.simulator = null;
            return;
        }
        try {
            // The demo's outdoor curve follows the local wall clock.
            ThermalModel.Settings model = new ThermalModel.Settings(config.panels(), config.seed(),
                    config.outdoorMean(), config.outdoorAmplitude(), LocalTime.now().toSecondOfDay(),
                    ThermalModel.Settings.defaults(1).supplySetpoint());
            this.simulator = Simulator.start(new Simulator.Options(InetAddress.getByName(config.bindAddress()),
                    config.plcPort(), config.panelPort(), config.stepSeconds(), model));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.log(Level.INFO, simulator.banner());
    }

    /** Stops the clock and closes both ports. */
    @Deactivate
    void deactivate() {
        if (simulator != null) {
            simulator.close();
            LOG.log(Level.INFO, "heathub simulator stopped");
        }
    }

    /** The running simulator, or null when disabled (package-private, for tests). */
    Simulator simulator() {
        return simulator;
    }
}
