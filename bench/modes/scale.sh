# A 5,000-device site (issue 20 item 4) on the real hub (distribution/target/heathub, bin/heathub, default
# heap) against the site simulator (SiteSimulatorMain, its own JVM): 80 % CJ/T 188 heat meters on 2400-baud
# socat pty lines (<= 250 a line, every 120 s), 20 % station panels behind Modbus TCP gateways (<= 200 each,
# every 30 s). Per size: start -> every device reported, RSS, per-line utilisation and poll lateness, hub CPU
# per 1,000 polls over a steady window; ratio = CPU per 1,000 polls at the largest size / at the smallest.
# ARGS: sizes and key=value (default 50 500 5000; window=120 meterInterval=120 panelInterval=30 statistics=30)
build distribution itests
test_main itests io.heathub.itests.scale.SiteScaleBenchmark "${@:-50 500 5000}"
