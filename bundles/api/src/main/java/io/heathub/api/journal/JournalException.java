package io.heathub.api.journal;

/** The journal could not store or read: the caller must not acknowledge. */
public class JournalException extends Exception {
    private static final long serialVersionUID = 1L;

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }

    public JournalException(String message) {
        super(message);
    }
}
