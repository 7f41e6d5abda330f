# CJ/T 188 meter line: the hub's sweep of N simulated meters on a socat pty line at 2400 baud against
# the line's theoretical minimum from the bus's own byte counters.
# ARGS: METERS LINES SWEEPS (default 250 1 1)
build bundles/core
test_main bundles/core io.heathub.core.bench.MeterLineSweepBenchmark "${@:-250 1 1}"
