/**
 * The slave side of Modbus: a unit's four tables ({@link io.heathub.simulator.modbus.ModbusUnit})
 * served over Modbus TCP ({@link io.heathub.simulator.modbus.ModbusTcpServer}, like a gateway for
 * several unit ids) or RTU on a serial line ({@link io.heathub.simulator.modbus.ModbusRtuServer}).
 * Framing and message encoding are j2mod's; which request gets which answer or exception is ours.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.heathub.simulator.modbus;
