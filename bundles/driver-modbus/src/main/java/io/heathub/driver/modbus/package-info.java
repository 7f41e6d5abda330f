/**
 * The Modbus TCP/RTU driver. Exported for {@link io.heathub.driver.modbus.ModbusLinkMaster} only:
 * raw reads over a bus link for the {@code modbus:} Camel component's bus endpoints, the
 * command point of a raw write, and (1.1) raw writes for {@code heathub modbus write}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.heathub.driver.modbus;
