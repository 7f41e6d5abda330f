# Store and forward: normalise → validate → journal (fsync) → MqttUplink → PUBACK → cursor, against a
# raw MQTT 5 publisher sending the same batches to the same mosquitto in the same run.
# ARGS: key=value (see bench/README.md), default readings=200000 and the hub's batchSize 5000.
# BENCH_JAVA_OPTS: JVM options, e.g. -Dbench.nodelay=true (mosquitto set_tcp_nodelay).
build bundles/store bundles/core bundles/forward-mqtt
(cd "$root/bench" && "${mvn_q[@]}" compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
read -r -a java_opts <<< "${BENCH_JAVA_OPTS:-}"
java -Xmx1g "${java_opts[@]}" -cp "$root/bench/target/classes:$(cat "$root/bench/target/cp.txt")" \
    io.heathub.bench.StoreAndForwardBench throughput "$@"
