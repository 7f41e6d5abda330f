"""A third-party Modbus TCP PLC for heathub's end-to-end test (pymodbus, Debian's python3).

usage: plc_server.py PORT UNIT REG=FLOAT...   serves each FLOAT as a big-endian float32 at
holding register REG (two registers, high word first); prints "ready PORT" once listening.
"""
import logging
import struct
import sys
import threading
import time
import socket

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartTcpServer

logging.basicConfig(level=logging.WARNING)
port = int(sys.argv[1])
unit = int(sys.argv[2])
registers = [0] * 64
for arg in sys.argv[3:]:
    reg, value = arg.split("=")
    high, low = struct.unpack(">HH", struct.pack(">f", float(value)))
    registers[int(reg)] = high
    registers[int(reg) + 1] = low

slave = ModbusSlaveContext(hr=ModbusSequentialDataBlock(0, registers), zero_mode=True)
context = ModbusServerContext(slaves={unit: slave}, single=False)


def announce():
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            print("ready", port, flush=True)
            return
        except OSError:
            time.sleep(0.05)


threading.Thread(target=announce, daemon=True).start()
StartTcpServer(context=context, address=("127.0.0.1", port))
