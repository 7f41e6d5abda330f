# Settlement of a season (121 days) for N households: the streamed path (heathub settle, 256 MB heap)
# against the whole-season-in-memory path, same CSV files, same run.
# ARGS: key=value (default households=1000 streamedHeap=256m hubHeap=256m inMemoryHeap=6g)
build bundles/billing-settlement
test_main bundles/billing-settlement io.heathub.billing.settlement.cli.SettlementBenchmark \
    "${@:-households=1000 streamedHeap=256m hubHeap=256m inMemoryHeap=6g dir=${TMPDIR:-/tmp}/heathub-settle-bench}"
