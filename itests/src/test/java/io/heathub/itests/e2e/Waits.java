package io.heathub.itests.e2e;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The test kit's {@link io.heathub.testkit.Waits} under the name the end-to-end tests have always used. */
public final class Waits {
    private Waits() {
    }

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        io.heathub.testkit.Waits.until(timeout, what, condition);
    }
}
