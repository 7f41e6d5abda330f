package io.heathub.camel.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * What the OSGi framework sees (bnd output in target/classes, made before the tests run): the
 * DS component registers an org.apache.camel.Component whose reserved component.name property —
 * the DS name — is the scheme the camel bundle's whiteboard adds it under.
 */
class ModbusComponentRegistrationTest {
    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void theDsComponentIsNamedModbusAndProvidesACamelComponent() throws Exception {
        Manifest manifest;
        try (var in = Files.newInputStream(CLASSES.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        String descriptor = manifest.getMainAttributes().getValue("Service-Component");
        assertThat(descriptor).isEqualTo("OSGI-INF/modbus.xml");

        String xml = Files.readString(CLASSES.resolve(descriptor));
        assertThat(xml).contains("name=\"" + ModbusComponent.NAME + "\"")
                .contains("<provide interface=\"org.apache.camel.Component\"/>")
                .contains("implementation class=\"" + ModbusComponent.class.getName() + "\"");
        assertThat(manifest.getMainAttributes().getValue("Import-Package"))
                .contains("com.ghgande.j2mod.modbus.facade;version=\"[3.2,4)\"")
                .contains("org.apache.camel;version=\"[4.14,5)\"");
    }
}
