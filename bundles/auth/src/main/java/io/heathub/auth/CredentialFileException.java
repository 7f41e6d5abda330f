package io.heathub.auth;

/** A users or tokens file that cannot be used: the message names the file, the line and what is wrong. */
public final class CredentialFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public CredentialFileException(String message) {
        super(message);
    }

    public CredentialFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
