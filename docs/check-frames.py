#!/usr/bin/env python3
"""Checks every frame quoted in docs/protocols.md.

Frames sit in fenced blocks whose info string names the protocol: ```cjt188, ```mbus, ```dlt645,
```modbus-rtu, ```modbus-tcp. In a block, a line that starts at column 0 begins a frame: an
optional label (any word that is not a two-digit hex byte) followed by hex bytes; an indented line
continues the frame above. Text after '#' is a comment.

Checks: CJ/T 188 and DL/T 645 — optional FE wake-up bytes, start bytes, L against the frame length,
checksum = sum of the bytes from the first 68 to the last data byte mod 256, end byte 16.
M-Bus — single character E5; short frame 10 C A CS 16 with CS = C + A; long frame 68 L L 68 …
CS 16 with CS = sum of C through the last data byte. Modbus RTU — CRC-16/MODBUS (reflected
polynomial A001, initial FFFF), low byte first; cross-checked with pymodbus when it is installed.
Modbus TCP — protocol id 0 and the MBAP length field against the frame.

Usage: python3 docs/check-frames.py [docs/protocols.md]   (exit status 1 when a frame fails)
"""
import pathlib
import re
import sys

PROTOCOLS = ("cjt188", "mbus", "dlt645", "modbus-rtu", "modbus-tcp")
HEX_BYTE = re.compile(r"^[0-9A-Fa-f]{2}$")


def crc16_modbus(data):
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def skip_wake_up(frame):
    i = 0
    while i < len(frame) and frame[i] == 0xFE:
        i += 1
    return i


def check_checksummed(f, header, length_at):
    """CJ/T 188 and DL/T 645: FE wake-up bytes, a header, L at `length_at`, data, CS, 16."""
    s = skip_wake_up(f)
    if len(f) - s < length_at + 3 or not header(f[s:]):
        return "wrong start bytes or shorter than a header"
    length = f[s + length_at]
    if len(f) != s + length_at + 1 + length + 2:
        return "L = %02X does not match the frame length" % length
    cs = sum(f[s:-2]) & 0xFF
    if f[-2] != cs:
        return "checksum %02X, computed %02X" % (f[-2], cs)
    return None if f[-1] == 0x16 else "end byte %02X" % f[-1]


def check_cjt188(f):
    # 68 T A0..A6 C L DI0 DI1 SER data CS 16
    return check_checksummed(f, lambda h: h[0] == 0x68, 10)


def check_dlt645(f):
    # 68 A0..A5 68 C L data CS 16
    return check_checksummed(f, lambda h: h[0] == 0x68 and h[7] == 0x68, 9)


def check_mbus(f):
    if f == [0xE5]:
        return None
    if f and f[0] == 0x10:
        if len(f) != 5:
            return "a short frame has 5 bytes"
        if f[3] != (f[1] + f[2]) & 0xFF:
            return "checksum %02X, computed %02X" % (f[3], (f[1] + f[2]) & 0xFF)
        return None if f[4] == 0x16 else "stop byte %02X" % f[4]
    if len(f) < 9 or f[0] != 0x68 or f[3] != 0x68 or f[1] != f[2]:
        return "no 68 L L 68 header"
    if len(f) != f[1] + 6:
        return "L = %02X does not match the frame length" % f[1]
    cs = sum(f[4:-2]) & 0xFF
    if f[-2] != cs:
        return "checksum %02X, computed %02X" % (f[-2], cs)
    return None if f[-1] == 0x16 else "stop byte %02X" % f[-1]


def check_rtu(f):
    if len(f) < 4:
        return "shorter than unit, function and CRC"
    crc = crc16_modbus(f[:-2])
    if f[-2] != crc & 0xFF or f[-1] != crc >> 8:
        return "CRC %02X %02X, computed %02X %02X" % (f[-2], f[-1], crc & 0xFF, crc >> 8)
    try:
        from pymodbus.utilities import computeCRC  # independent implementation (big-endian result)
    except ImportError:
        return None
    if computeCRC(bytes(f[:-2])) != (f[-2] << 8 | f[-1]):
        return "pymodbus computes another CRC"
    return None


def check_tcp(f):
    if len(f) < 8:
        return "shorter than an MBAP header and a function code"
    if f[2] != 0 or f[3] != 0:
        return "protocol id is not 0"
    declared = f[4] << 8 | f[5]
    if declared != len(f) - 6:
        return "MBAP length %d, frame has %d bytes after it" % (declared, len(f) - 6)
    return None


CHECKS = {"cjt188": check_cjt188, "mbus": check_mbus, "dlt645": check_dlt645,
          "modbus-rtu": check_rtu, "modbus-tcp": check_tcp}


def frames(text):
    """Yields (line number, protocol, label, bytes) for every frame in the protocol blocks."""
    protocol = None
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        fence = line.strip()
        if fence.startswith("```"):
            if current:
                yield current
                current = None
            info = fence[3:].strip()
            protocol = info if protocol is None and info in PROTOCOLS else None
            continue
        if protocol is None:
            continue
        content = line.split("#", 1)[0]
        tokens = content.split()
        if not tokens:
            continue
        if not line[0].isspace():
            if current:
                yield current
            label = "" if HEX_BYTE.match(tokens[0]) else tokens.pop(0)
            current = (number, protocol, label, [])
        elif current is None:
            raise ValueError("line %d: continuation line without a frame" % number)
        for token in tokens:
            if not HEX_BYTE.match(token):
                raise ValueError("line %d: %r is not a hex byte" % (number, token))
            current[3].append(int(token, 16))
    if current:
        yield current


def main():
    path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).with_name("protocols.md"))
    failed = 0
    count = 0
    for number, protocol, label, data in frames(path.read_text(encoding="utf-8")):
        count += 1
        problem = CHECKS[protocol](data)
        status = "ok" if problem is None else "FAILED: " + problem
        failed += problem is not None
        print("%s:%d: %-10s %-12s %3d bytes  %s" % (path.name, number, protocol, label, len(data), status))
    print("%d frames, %d failed" % (count, failed))
    return 1 if failed or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
