package io.heathub.camel.hub;

/** {@code heathub:readings} did not take the body: which reading, and what is wrong with it (or the journal's reason). */
public class ReadingsRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReadingsRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
