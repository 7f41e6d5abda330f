package io.heathub.control.runtime;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.hub.ReadingFeed;
import io.heathub.api.hub.ReadingListener;
import io.heathub.testkit.SettableClock;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A hub without buses: readings are set by the test; commands are recorded, answered by
 * {@link #answer}, and a DONE one becomes the written point's reading (as the next poll would show).
 */
final class FakeHub implements HubStatus, CommandService, ReadingFeed {

    final SettableClock clock;
    private final Map<String, Reading> latest = new TreeMap<>();
    final List<Command> commands = new CopyOnWriteArrayList<>();
    volatile Function<Command, CommandResult> answer = c -> CommandResult.done(c.requestId(), c.value());
    private final List<ReadingListener> subscribers = new CopyOnWriteArrayList<>();

    FakeHub(Instant start) {
        this.clock = new SettableClock(start);
    }

    synchronized FakeHub reading(String device, String point, double value, Unit unit, Instant time, Quality quality) {
        latest.put(device + "/" + point, new Reading(device, point, BigDecimal.valueOf(value), unit, time, quality,
                quality == Quality.GOOD ? "" : "test says " + quality));
        return this;
    }

    FakeHub celsius(String device, String point, double value) {
        return reading(device, point, value, Unit.CELSIUS, clock.instant(), Quality.GOOD);
    }

    @Override
    public AutoCloseable subscribe(ReadingListener listener) {
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
    }

    /** Readings accepted by the hub, as core's feed tells its subscribers. */
    void accepted(List<Reading> readings) {
        subscribers.forEach(s -> s.accepted(readings));
    }

    @Override
    public synchronized List<DeviceStatus> devices() {
        return latest.values().stream().map(Reading::device).distinct()
                .map(id -> new DeviceStatus(id, "modbus", "bus", DeviceStatus.State.RUNNING, "", Optional.empty(), 1, 0))
                .toList();
    }

    @Override
    public synchronized List<Reading> latest() {
        return List.copyOf(latest.values());
    }

    @Override
    public List<String> configErrors() {
        return List.of();
    }

    @Override
    public CompletionStage<CommandResult> submit(Command command) {
        commands.add(command);
        CommandResult result = answer.apply(command);
        if (result.status() == CommandResult.Status.DONE) {
            synchronized (this) {
                latest.put(command.device() + "/" + command.point(), new Reading(command.device(), command.point(),
                        command.value(), Unit.CELSIUS, clock.instant(), Quality.GOOD, ""));
            }
        }
        return CompletableFuture.completedFuture(result);
    }

    List<Command> commandsTo(String device, String point) {
        return commands.stream().filter(c -> c.device().equals(device) && c.point().equals(point)).toList();
    }
}
