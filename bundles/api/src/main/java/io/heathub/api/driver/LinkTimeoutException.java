package io.heathub.api.driver;

import java.io.IOException;

/** No complete frame within the timeout. Carries what did arrive, for the error message. */
public class LinkTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;
    private final byte[] partial;

    public LinkTimeoutException(String message, byte[] partial) {
        super(message);
        this.partial = partial.clone();
    }

    /** The bytes received before the timeout (may be empty). */
    public byte[] partial() {
        return partial.clone();
    }
}
