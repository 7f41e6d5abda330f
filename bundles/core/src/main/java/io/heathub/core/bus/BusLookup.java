package io.heathub.core.bus;

import io.heathub.api.hub.BusAccess;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link BusAccess} over the running bus workers: finds the worker by bus id and queues the work there. */
public final class BusLookup {
    private BusLookup() {
    }

    /** Queues {@code work} on bus {@code busId}'s worker; an unknown id fails with the ids there are. */
    public static <T> CompletionStage<T> run(List<BusWorker> workers, String busId, BusAccess.LinkWork<T> work) {
        Optional<BusWorker> worker = find(workers, busId);
        if (worker.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no bus '" + busId
                    + "' in the running site (buses: " + workers.stream().map(w -> w.bus().id()).sorted().toList() + ")"));
        }
        return worker.get().runOnLink(work);
    }

    /** The device declared at {@code address} on bus {@code busId}, if both exist. */
    public static Optional<String> deviceAt(List<BusWorker> workers, String busId, String address) {
        return find(workers, busId).flatMap(w -> w.deviceAt(address));
    }

    private static Optional<BusWorker> find(List<BusWorker> workers, String busId) {
        return workers.stream().filter(w -> w.bus().id().equals(busId)).findFirst();
    }
}
