"""Third-party Modbus TCP master (pymodbus 3.0.0rc1) probing the heathub simulator.

usage: pymodbus_probe.py read|write|plant HOST PLC_PORT PANEL_PORT PANELS
Prints one line per observation: "<label> ok <values...>" or "<label> error <exception code>".
"""
import struct
import sys
import time

from pymodbus.client import ModbusTcpClient


def report(label, response, values=lambda r: r.registers):
    if response.isError():
        print(label, "error", getattr(response, "exception_code", type(response).__name__))
    else:
        print(label, "ok", *values(response))


def floats(registers):
    return [repr(struct.unpack(">f", struct.pack(">HH", registers[i], registers[i + 1]))[0])
            for i in range(0, len(registers), 2)]


def float_words(value):
    return list(struct.unpack(">HH", struct.pack(">f", value)))


def connect(host, port):
    client = ModbusTcpClient(host, port=port, timeout=3, retries=0)
    if not client.connect():
        print("connect", port, "failed")
        sys.exit(3)
    return client


def read(host, plc_port, panel_port, panels):
    plc = connect(host, plc_port)
    report("plc", plc.read_holding_registers(0, 14, slave=1), lambda r: floats(r.registers))
    report("plc-unit-2", plc.read_holding_registers(0, 14, slave=2))
    started = time.perf_counter()
    for _ in range(200):
        plc.read_holding_registers(0, 14, slave=1)
    print("plc-read-ms", "ok", repr((time.perf_counter() - started) * 1000 / 200))
    plc.close()
    gateway = connect(host, panel_port)
    for unit in range(1, panels + 2):
        report("panel-%d" % unit, gateway.read_holding_registers(0, 10, slave=unit))
    gateway.close()


def write(host, plc_port, panel_port, panels):
    plc = connect(host, plc_port)
    report("plc-write-70.5", plc.write_registers(10, float_words(70.5), slave=1), lambda r: [])
    report("plc-write-120", plc.write_registers(10, float_words(120.0), slave=1), lambda r: [])
    # FC 06 on the high word alone: 0x4120 with the low word 0 would make 10.0 °C
    report("plc-write-high-word-10", plc.write_register(10, 0x4120, slave=1), lambda r: [])
    report("plc-write-readonly", plc.write_registers(2, float_words(50.0), slave=1), lambda r: [])
    report("plc-setpoint", plc.read_holding_registers(10, 2, slave=1), lambda r: floats(r.registers))
    plc.close()
    gateway = connect(host, panel_port)
    report("panel-2-write-22.5", gateway.write_register(3, 225, slave=2), lambda r: [])
    report("panel-2-write-40", gateway.write_register(3, 400, slave=2), lambda r: [])
    report("panel-2-write-room", gateway.write_register(8, 100, slave=2), lambda r: [])
    report("panel-2-setpoint", gateway.read_holding_registers(3, 1, slave=2))
    gateway.close()


def plant(host, plc_port, panel_port, panels):
    """The boiler (unit 2), one FC 51 drive (unit 3) and a station panel's mode and valve registers."""
    plc = connect(host, plc_port)
    report("boiler", plc.read_holding_registers(0, 12, slave=2), lambda r: floats(r.registers))
    report("boiler-write-load-85", plc.write_registers(8, float_words(85.0), slave=2), lambda r: [])
    report("boiler-write-load-120", plc.write_registers(8, float_words(120.0), slave=2), lambda r: [])
    report("boiler-write-flow-4900", plc.write_registers(10, float_words(4900.0), slave=2), lambda r: [])
    report("boiler-write-flow-readonly", plc.write_registers(4, float_words(10.0), slave=2), lambda r: [])
    report("boiler-setpoints", plc.read_holding_registers(8, 4, slave=2), lambda r: floats(r.registers))
    report("drive-frequency", plc.read_holding_registers(16129, 1, slave=3))
    report("drive-control", plc.read_holding_registers(49999, 1, slave=3))
    report("drive-reference", plc.read_holding_registers(50009, 1, slave=3))
    report("drive-write-reference-8192", plc.write_register(50009, 8192, slave=3), lambda r: [])
    report("drive-write-reference-20000", plc.write_register(50009, 20000, slave=3), lambda r: [])
    report("drive-write-frequency", plc.write_register(16129, 100, slave=3), lambda r: [])
    report("drive-read-across", plc.read_holding_registers(49999, 11, slave=3))
    report("drive-reference-after", plc.read_holding_registers(50009, 1, slave=3))
    report("drive-write-stop", plc.write_register(49999, 0x043C, slave=3), lambda r: [])
    report("plc-unit-4", plc.read_holding_registers(0, 2, slave=4))
    plc.close()
    gateway = connect(host, panel_port)
    report("panel-1-station", gateway.read_holding_registers(0, 13, slave=1))
    report("panel-1-write-mode-2", gateway.write_register(10, 2, slave=1), lambda r: [])
    report("panel-1-write-mode-3", gateway.write_register(10, 3, slave=1), lambda r: [])
    report("panel-1-write-fixed-35", gateway.write_register(12, 350, slave=1), lambda r: [])
    report("panel-1-write-valve-101", gateway.write_register(11, 1010, slave=1), lambda r: [])
    report("panel-1-after", gateway.read_holding_registers(9, 4, slave=1))
    gateway.close()


if __name__ == "__main__":
    mode, host, plc_port, panel_port, panels = sys.argv[1:6]
    {"read": read, "write": write, "plant": plant}[mode](host, int(plc_port), int(panel_port), int(panels))
