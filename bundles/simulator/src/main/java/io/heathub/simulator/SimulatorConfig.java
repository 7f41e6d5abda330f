package io.heathub.simulator;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link SimulatorComponent} (PID {@code io.heathub.simulator}). */
@ObjectClassDefinition(name = "heathub simulator",
        description = "A simulated substation over Modbus TCP: PLC on plcPort (unit 1, boiler unit 2, pump drives units 3..), household station panels on panelPort (units 1..panels); household and building meters on meterPort / meterPty.")
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

    @AttributeDefinition(description = "Outdoor mean over simulated time, e.g. '0h:-5, 2h:-5, 6h:-25' (hours since start:"
            + " mean °C, straight lines between, held after; the daily swing is added); empty = outdoorMean throughout.")
    String outdoorScenario() default "";

    @AttributeDefinition(description = "Circulation pump drives (Danfoss FC 51 map) on the PLC port, units 3..: one per zone,"
            + " the panels split into that many zones in unit order; 0 = no pump modelled.", min = "0", max = "8")
    int drives() default 2;

    @AttributeDefinition(description = "The drives' nominal frequency: design flow and 100 % bus reference, Hz.", min = "1", max = "400")
    double driveFrequency() default 50.0;

    @AttributeDefinition(description = "Pump drives tripped from the start, by unit id (3 = the first drive), comma-separated, e.g. '3':"
            + " the drive shows the trip bit (3) of its status word and stays stopped until a control word with bit 7 (reset)"
            + " rising; empty = none.")
    String trippedDrives() default "";

    @AttributeDefinition(description = "A heat source (boiler controller, profile boiler) on the PLC port, unit 2, whose load limits the supply.")
    boolean boiler() default true;

    @AttributeDefinition(description = "Building inlet heat meters on the meter line (CJ/T 188): ADDRESS=HOUSEHOLD+HOUSEHOLD…,"
            + " comma-separated; each counts what went through its households' meters plus buildingLossPercent; empty = none.")
    String buildingMeters() default "20300000000001=20100000000001+20100000000002+20200000000001+20200000000002";

    @AttributeDefinition(description = "Heat lost in the buildings' pipes between the building meter and the flats, % of the flats' heat.",
            min = "0", max = "50")
    double buildingLossPercent() default 3.0;

    @AttributeDefinition(description = "TCP port of the demo meter line (CJ/T 188, M-Bus, DL/T 645 meters sharing one line); 0 = off.",
            min = "0", max = "65535")
    int meterPort() default 15030;

    @AttributeDefinition(description = "Existing pty (e.g. one end of a socat pty pair) to serve the same demo meter line on; empty = off.")
    String meterPty() default "";

    @AttributeDefinition(description = "Line speed the meter line emulates (11 bits per character); 0 = answer at once.",
            min = "0", max = "1000000")
    int meterBaud() default 2400;

    @AttributeDefinition(description = "Meters' turnaround between the end of a request and the start of the reply, ms.",
            min = "0", max = "10000")
    int meterTurnaroundMillis() default 10;

    @AttributeDefinition(description = "Echo each request before the reply, like an RS-485 adapter without echo suppression.")
    boolean meterEcho() default false;

    @AttributeDefinition(description = "Faults of meters on the demo line, e.g. '20100000000003:drift=1.08, 20200000000003:stuck'"
            + " (drift=FACTOR on every counter increment, stuck counters with flow still shown, offline); empty = all healthy.")
    String meterFaults() default "";
}
