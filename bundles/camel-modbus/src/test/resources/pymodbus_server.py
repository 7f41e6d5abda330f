"""A third-party Modbus peer for the modbus: component tests: pymodbus 3.0.0rc1 (Debian python3-pymodbus).

Usage: /usr/bin/python3 pymodbus_server.py PORT '{"1": {"hr": [..], "ir": [..], "co": [0,1], "di": [1]}}' [tcp|rtu|serial]
Tables start at address 0 (zero_mode); reads beyond a table get exception 02 (illegal data address).
The optional third argument picks the framing on the TCP socket: tcp (MBAP, default) or rtu (RTU frames
over TCP) or serial: then PORT is a serial device (e.g. one end of a socat pty pair) served with RTU
framing at 9600 8N1. Prints "READY <port>" once it listens, and exits when its standard input closes (so it never
outlives the test JVM).
"""
import asyncio
import json
import logging
import os
import sys
import threading

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartAsyncSerialServer, StartAsyncTcpServer
from pymodbus.transaction import ModbusRtuFramer, ModbusSocketFramer


def exit_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


def block(values):
    return ModbusSequentialDataBlock(0, values if values else [0])


async def main(port, units, framing):
    slaves = {}
    for unit, maps in units.items():
        slaves[int(unit)] = ModbusSlaveContext(
            hr=block(maps.get("hr")),
            ir=block(maps.get("ir")),
            co=block([bool(v) for v in maps.get("co", [])]),
            di=block([bool(v) for v in maps.get("di", [])]),
            zero_mode=True,
        )
    context = ModbusServerContext(slaves=slaves, single=False)
    if framing == "serial":
        server = await StartAsyncSerialServer(
            context=context, port=port, framer=ModbusRtuFramer, baudrate=9600, bytesize=8, parity="N", stopbits=1,
            defer_start=True)
        await server.start()  # opens the device
        if server.transport is None:
            raise SystemExit("cannot open serial device %s" % port)
        print("READY %s" % port, flush=True)
        await server.serve_forever()
        return
    framer = ModbusRtuFramer if framing == "rtu" else ModbusSocketFramer
    server = await StartAsyncTcpServer(
        context=context, address=("127.0.0.1", port), framer=framer, defer_start=True, allow_reuse_address=True)
    task = asyncio.create_task(server.serve_forever())
    await server.serving
    print("READY %d" % port, flush=True)
    await task


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    port_arg = sys.argv[1]
    asyncio.run(main(int(port_arg) if port_arg.isdigit() else port_arg, json.loads(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "tcp"))
