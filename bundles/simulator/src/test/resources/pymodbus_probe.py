"""Third-party Modbus TCP master (pymodbus 3.0.0rc1) probing the heathub simulator.

usage: pymodbus_probe.py read|write HOST PLC_PORT PANEL_PORT PANELS
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


if __name__ == "__main__":
    mode, host, plc_port, panel_port, panels = sys.argv[1:6]
    {"read": read, "write": write}[mode](host, int(plc_port), int(panel_port), int(panels))
