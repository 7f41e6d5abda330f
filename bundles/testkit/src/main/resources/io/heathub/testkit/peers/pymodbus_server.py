"""A third-party Modbus peer for heathub's tests: pymodbus 3.0.0rc1 (Debian python3-pymodbus).

Usage: /usr/bin/python3 pymodbus_server.py MODE WHERE UNITS
  MODE   tcp         Modbus TCP (MBAP) on 127.0.0.1:WHERE
         rtu-tcp     Modbus RTU frames (CRC-16) over TCP on 127.0.0.1:WHERE, as behind a serial converter
         rtu-serial  Modbus RTU at 9600 8N1 on the serial device WHERE (e.g. one end of a socat pty pair)
  UNITS  JSON: {"1": {"hr": [..], "ir": [..], "co": [0, 1, ..], "di": [..], "busy": [3]}, "2": {...}}
         hr/ir/co/di start at address 0 (zero_mode); a missing or empty table is one zero; reads
         beyond a table get exception 02 (illegal data address); "busy" lists holding/input start
         addresses whose reads are answered with exception 06 (server device busy).
Prints "READY <WHERE>" once it serves, and exits when its standard input closes (so it never
outlives the test JVM). A request for a unit that is not configured gets no reply on RTU (and a
closed connection on TCP: pymodbus' own behaviour).
"""
import asyncio
import json
import logging
import os
import sys
import threading

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.framer.rtu_framer import ModbusRtuFramer
from pymodbus.pdu import ModbusExceptions
from pymodbus.register_read_message import ReadHoldingRegistersRequest, ReadInputRegistersRequest
from pymodbus.server import StartAsyncSerialServer, StartAsyncTcpServer


def exit_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


def answer_busy(original):
    """Wraps a read request's execute: configured start addresses answer 'server device busy'."""
    def execute(self, context):
        if self.address in getattr(context, "busy", ()):
            return self.doException(ModbusExceptions.SlaveBusy)
        return original(self, context)
    return execute


ReadHoldingRegistersRequest.execute = answer_busy(ReadHoldingRegistersRequest.execute)
ReadInputRegistersRequest.execute = answer_busy(ReadInputRegistersRequest.execute)


def block(values):
    return ModbusSequentialDataBlock(0, values if values else [0])


def build_context(units):
    slaves = {}
    for unit, maps in units.items():
        slave = ModbusSlaveContext(
            hr=block(maps.get("hr")),
            ir=block(maps.get("ir")),
            co=block([bool(v) for v in maps.get("co", [])]),
            di=block([bool(v) for v in maps.get("di", [])]),
            zero_mode=True,
        )
        slave.busy = set(maps.get("busy", []))
        slaves[int(unit)] = slave
    return ModbusServerContext(slaves=slaves, single=False)


async def main(mode, where, units):
    context = build_context(units)
    if mode == "rtu-serial":
        server = await StartAsyncSerialServer(
            context=context, framer=ModbusRtuFramer, port=where, baudrate=9600, bytesize=8, parity="N",
            stopbits=1, defer_start=True)
        await server.start()  # opens the device
        if server.transport is None:
            raise SystemExit("cannot open serial device " + where)
        task = asyncio.create_task(server.serve_forever())
    else:
        kwargs = {"framer": ModbusRtuFramer} if mode == "rtu-tcp" else {}
        server = await StartAsyncTcpServer(
            context=context, address=("127.0.0.1", int(where)), defer_start=True, allow_reuse_address=True,
            **kwargs)
        task = asyncio.create_task(server.serve_forever())
        await server.serving
    print("READY %s" % where, flush=True)
    await task


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    asyncio.run(main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3])))
