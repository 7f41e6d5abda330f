package io.heathub.drivertest;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * In a normal build (no {@code JAZZER_FUZZ}) the kit's {@code @FuzzTest}s only replay their seeds,
 * which needs no instrumentation. Jazzer would still install its agent and rewrite every class the
 * module loads afterwards (tens of milliseconds each); a driver module's real-time tests then miss
 * their windows on a loaded machine (a CJ/T 188 scan test with a 150 ms timeout did). So, unless
 * the run fuzzes or says otherwise, the agent is left out: {@code jazzer.hooks=false}.
 */
final class JazzerRegressionMode implements BeforeAllCallback {
    static final String HOOKS = "jazzer.hooks";

    @Override
    public void beforeAll(ExtensionContext context) {
        String fuzz = System.getenv("JAZZER_FUZZ");
        boolean fuzzing = (fuzz != null && !fuzz.isEmpty()) || context.getConfigurationParameter("jazzer.fuzz").isPresent();
        if (!fuzzing && System.getProperty(HOOKS) == null && context.getConfigurationParameter(HOOKS).isEmpty()) {
            System.setProperty(HOOKS, "false");
        }
    }
}
