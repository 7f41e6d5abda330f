# One control cycle (ControlEngine.cycle) for 5,000 households in 20 zones.
build bundles/control
test_main bundles/control io.heathub.control.ControlEngineBenchmark "$@"
