package io.heathub.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The built bundle in a real Felix 7 with SCR and ConfigAdmin: it resolves against j2mod, the
 * component starts with its PID's configuration, serves Modbus, and frees its ports when the
 * configuration disables it.
 */
class SimulatorBundleIT {

    private static final long DEADLINE_NANOS = 15_000_000_000L;

    @TempDir
    Path storage;

    @Test
    void bundleRunsInFelixAndFollowsItsConfiguration() throws Exception {
        List<Path> jars = Arrays.stream(System.getProperty("heathub.it.bundles").split(",")).map(Path::of).toList();
        int plcPort = freePort();
        int panelPort = freePort();
        int meterPort = freePort();
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow()
                .newFramework(Map.of(Constants.FRAMEWORK_STORAGE, storage.toString(),
                        Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        try {
            BundleContext context = framework.getBundleContext();
            List<Bundle> bundles = new ArrayList<>();
            for (Path jar : jars) {
                bundles.add(context.installBundle(jar.toUri().toString()));
            }
            Bundle simulatorBundle = bundles.remove(bundles.size() - 1);
            Bundle configAdminBundle = null;
            for (Bundle bundle : bundles) {
                if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    bundle.start();
                }
                if ("org.apache.felix.configadmin".equals(bundle.getSymbolicName())) {
                    configAdminBundle = bundle;
                }
            }
            assertThat(configAdminBundle).isNotNull();
            configure(context, configAdminBundle, plcPort, panelPort, meterPort, true);
            simulatorBundle.start();
            assertThat(simulatorBundle.getState()).isEqualTo(Bundle.ACTIVE);

            Register[] setpoint = await(() -> read(plcPort, 1, 10, 2));
            assertThat(Float.intBitsToFloat(setpoint[0].getValue() << 16 | setpoint[1].getValue())).isEqualTo(60f);
            Register[] panel3 = read(panelPort, 3, 0, 10);
            assertThat(panel3[0].getValue()).as("power").isEqualTo(1);
            assertThat(panel3[8].toShort() / 10.0).as("temp.room").isBetween(19.0, 21.0);
            // the demo meter line: the DL/T 645 meter answers its address (C 93) at the configured port
            byte[] reply = await(() -> readAddressOfTheDlt645Meter(meterPort));
            assertThat(io.heathub.driver.dlt645.Dlt645Codec.decodeReadAddressReply(
                    io.heathub.driver.dlt645.Dlt645Codec.parse(reply)).text()).isEqualTo("640000000001");

            configure(context, configAdminBundle, plcPort, panelPort, meterPort, false);
            await(() -> refused(plcPort) && refused(panelPort) && refused(meterPort) ? Boolean.TRUE : null);
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    /** ConfigAdmin's API lives in its bundle's class loader, so call it reflectively. */
    private static byte[] readAddressOfTheDlt645Meter(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(io.heathub.driver.dlt645.Dlt645Codec.encode(
                    new io.heathub.driver.dlt645.MeterAddress("640000000001"), 0x13, new byte[0], 0));
            return socket.getInputStream().readNBytes(4 + 12 + 6);
        } catch (ConnectException e) {
            return null;
        }
    }

    private static void configure(BundleContext context, Bundle configAdminBundle, int plcPort, int panelPort,
                                  int meterPort, boolean enabled) throws Exception {
        Class<?> adminApi = configAdminBundle.loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Class<?> configurationApi = configAdminBundle.loadClass("org.osgi.service.cm.Configuration");
        // getAllServiceReferences: the test class path holds another copy of org.osgi.service.cm, so
        // the class-space filter of getServiceReference would hide the service from the system bundle.
        ServiceReference<?> reference = await(() -> {
            ServiceReference<?>[] all = context.getAllServiceReferences(adminApi.getName(), null);
            return all == null ? null : all[0];
        });
        Object admin = context.getService(reference);
        Object configuration = adminApi.getMethod("getConfiguration", String.class, String.class)
                .invoke(admin, SimulatorComponent.PID, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("enabled", enabled);
        properties.put("plcPort", plcPort);
        properties.put("panelPort", panelPort);
        properties.put("panels", 4);
        properties.put("meterPort", meterPort);
        properties.put("meterBaud", 0);
        Method update = configurationApi.getMethod("update", Dictionary.class);
        update.invoke(configuration, properties);
    }

    private static Register[] read(int port, int unit, int address, int count) throws Exception {
        ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", port);
        master.connect();
        try {
            return master.readMultipleRegisters(unit, address, count);
        } finally {
            master.disconnect();
        }
    }

    private static boolean refused(int port) throws IOException {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }

    /** Polls until the call returns non-null without throwing; rethrows the last failure at the deadline. */
    private static <T> T await(Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (true) {
            try {
                T result = call.call();
                if (result != null) {
                    return result;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("condition not met within 15 s");
                }
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
