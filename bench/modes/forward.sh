# Store and forward: normalise → validate → journal (fsync) → MqttUplink → PUBACK → cursor, against a
# raw MQTT 5 publisher sending the same batches to the same mosquitto in the same run.
# ARGS: key=value (see bench/README.md), default readings=200000
build bundles/store bundles/core bundles/forward-mqtt
(cd "$root/bench" && "${mvn_q[@]}" compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
java -Xmx1g -cp "$root/bench/target/classes:$(cat "$root/bench/target/cp.txt")" \
    io.heathub.bench.StoreAndForwardBench throughput "$@"
