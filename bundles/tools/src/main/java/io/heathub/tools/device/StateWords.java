package io.heathub.tools.device;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which states and status bits a healthy, running device shows, judged from their names: a drive
 * runs forward, a panel is on, a valve is open, no fault or alarm bit is set.
 */
final class StateWords {
    private static final List<String> ABNORMAL = List.of("fault", "alarm", "error", "err", "trip", "fail", "warn",
            "low", "high", "over", "under", "stop", "off", "closed", "close", "reverse", "emergency", "lock", "leak",
            "bad", "invalid", "test", "manual", "local");
    private static final List<String> NORMAL = List.of("run", "forward", "on", "ready", "ok", "remote", "auto",
            "open", "enable", "heat", "normal", "power", "active", "healthy", "valid");

    private StateWords() {
    }

    /** 1 when a bit or 0/1 word so named is set on a healthy running device, else 0. */
    static int normally(String name) {
        List<String> words = words(name);
        if (words.stream().anyMatch(ABNORMAL::contains)) {
            return 0;
        }
        return words.stream().anyMatch(w -> NORMAL.stream().anyMatch(w::startsWith)) ? 1 : 0;
    }

    /** The first documented state that reads as normal operation, else the first that is not abnormal. */
    static long pick(Map<Long, String> states) {
        for (Map.Entry<Long, String> state : states.entrySet()) {
            if (normally(state.getValue()) == 1) {
                return state.getKey();
            }
        }
        for (Map.Entry<Long, String> state : states.entrySet()) {
            if (words(state.getValue()).stream().noneMatch(ABNORMAL::contains)) {
                return state.getKey();
            }
        }
        return states.keySet().iterator().next();
    }

    /** {@code status.batteryLow} → status, battery, low; {@code pump_running} → pump, running. */
    private static List<String> words(String name) {
        return List.of(name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT).split("[^a-z0-9]+"));
    }
}
