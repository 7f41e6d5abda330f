# Modbus RTU line: the hub's sweep (bus worker, serial link, Modbus driver in RTU mode) of N devices
# on a socat pty line whose simulated devices answer on the line's clock (8E1, 11 bits per
# character), against the theoretical minimum from the bus's own byte counters (+ two 3.5-character
# gaps and the turnaround per transaction). Scenario `slow`: unit 2 answers 300 ms late, unit 3
# never; prints every device's poll time.
# ARGS: DEVICES BAUD SCENARIO SWEEPS (default 32 9600 clean 3; e.g. `bench/run rtu 32 9600 slow`)
build bundles/transport bundles/driver-modbus bundles/simulator bundles/core
test_main bundles/core io.heathub.core.bench.ModbusRtuLineBenchmark "${@:-32 9600 clean 3}"
