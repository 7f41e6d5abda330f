package io.heathub.simulator;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link SimulatorComponent} (PID {@code io.heathub.simulator}). */
@ObjectClassDefinition(name = "heathub simulator",
        description = "A simulated substation over Modbus TCP: PLC on plcPort (unit 1), BAC-002 panels on panelPort (units 1..panels).")
public @interface SimulatorConfig {

    @AttributeDefinition(description = "Start the simulator.")
    boolean enabled() default true;

    @AttributeDefinition(description = "Interface both ports listen on.")
    String bindAddress() default "127.0.0.1";

    @AttributeDefinition(description = "Modbus TCP port of the substation PLC (unit 1).", min = "0", max = "65535")
    int plcPort() default 15020;

    @AttributeDefinition(description = "Modbus TCP port of the panel gateway (units 1..panels).", min = "0", max = "65535")
    int panelPort() default 15021;

    @AttributeDefinition(description = "Number of flats, one BAC-002 panel each.", min = "1", max = "247")
    int panels() default 24;

    @AttributeDefinition(description = "Simulated seconds per real second (1 = real time).", min = "0")
    double stepSeconds() default 1.0;

    @AttributeDefinition(description = "Seed that makes the flats differ, reproducibly.")
    long seed() default 1L;

    @AttributeDefinition(description = "Daily mean outdoor temperature, °C.")
    double outdoorMean() default -5.0;

    @AttributeDefinition(description = "Half the daily outdoor swing, K (coldest at 05:00).", min = "0")
    double outdoorAmplitude() default 4.0;
}
