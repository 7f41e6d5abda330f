# Backlog drain: N readings journaled while the broker is down, then drained to a persistent
# subscriber; lost/duplicated by identity, against a raw MQTT 5 publisher sending the uplink's
# messages for the same readings to the same broker and subscriber in the same run.
# ARGS: key=value (see bench/README.md), default backlog=1000000 and the hub's batchSize 5000.
# BENCH_JAVA_OPTS: JVM options, e.g. -Dbench.nodelay=true (mosquitto set_tcp_nodelay) or
# -Dbench.inflight=N (mosquitto max_inflight_messages, its receive maximum).
build bundles/store bundles/core bundles/forward-mqtt
(cd "$root/bench" && "${mvn_q[@]}" compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
read -r -a java_opts <<< "${BENCH_JAVA_OPTS:-}"
java -Xmx1g "${java_opts[@]}" -cp "$root/bench/target/classes:$(cat "$root/bench/target/cp.txt")" \
    io.heathub.bench.StoreAndForwardBench drain "$@"
