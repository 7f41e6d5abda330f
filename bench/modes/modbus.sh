# Modbus TCP polling: the hub's ModbusSession against a raw j2mod ModbusTCPMaster loop (one kept-open
# connection per device on both sides, same loopback server, same threads), alternating rounds.
# ARGS: DEVICES SECONDS THREADS REGISTERS (default 1000 10 8 10)
build bundles/driver-modbus
test_main bundles/driver-modbus io.heathub.driver.modbus.PollBenchmark "${@:-1000 10 8 10}"
