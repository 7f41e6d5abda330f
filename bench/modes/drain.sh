# Backlog drain: N readings journaled while the broker is down, then drained to a persistent
# subscriber; lost/duplicated by identity, against the raw publisher's rate for the same messages.
# ARGS: key=value (see bench/README.md), default backlog=1000000
build bundles/store bundles/core bundles/forward-mqtt
(cd "$root/bench" && "${mvn_q[@]}" compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
java -Xmx1g -cp "$root/bench/target/classes:$(cat "$root/bench/target/cp.txt")" \
    io.heathub.bench.StoreAndForwardBench drain "$@"
