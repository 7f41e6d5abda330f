# Modbus TCP polling: the hub's ModbusSession against a raw j2mod ModbusTCPMaster loop (one kept-open
# connection per device on both sides, same loopback server, same threads), alternating rounds.
# Prints each round, both sides' polls/s and CPU per poll, and ratio=<hub/j2mod> (median of the rounds).
# ARGS: DEVICES SECONDS THREADS REGISTERS [hub|j2mod] (default 1000 10 8 10; a fifth argument runs one
# side alone, e.g. under strace -c -f)
build bundles/driver-modbus
test_main bundles/driver-modbus io.heathub.driver.modbus.PollBenchmark "${@:-1000 10 8 10}"
