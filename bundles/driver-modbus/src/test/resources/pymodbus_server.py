"""A third-party Modbus TCP peer for the driver tests: pymodbus 3.0.0rc1 (Debian python3-pymodbus).

Usage: /usr/bin/python3 pymodbus_server.py PORT '{"1": {"hr": [..], "ir": [..]}, "2": {...}}'
Holding (hr) and input (ir) registers start at address 0 (zero_mode). Prints "READY <port>" once
it listens, and exits when its standard input closes (so it never outlives the test JVM).
"""
import asyncio
import json
import logging
import os
import sys
import threading

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartAsyncTcpServer


def exit_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


async def main(port, units):
    slaves = {}
    for unit, maps in units.items():
        slaves[int(unit)] = ModbusSlaveContext(
            hr=ModbusSequentialDataBlock(0, maps.get("hr", [0])),
            ir=ModbusSequentialDataBlock(0, maps.get("ir", [0])),
            zero_mode=True,
        )
    context = ModbusServerContext(slaves=slaves, single=False)
    server = await StartAsyncTcpServer(
        context=context, address=("127.0.0.1", port), defer_start=True, allow_reuse_address=True)
    task = asyncio.create_task(server.serve_forever())
    await server.serving
    print("READY %d" % port, flush=True)
    await task


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    asyncio.run(main(int(sys.argv[1]), json.loads(sys.argv[2])))
