package io.heathub.camel.journal.uplink;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * What the failures of Camel's HTTP and Kafka endpoints mean, for every uplink and
 * {@code journal:} route that uses them:
 * <ul>
 * <li>HTTP 400, 413, 422: the server understood the request and refuses its content →
 * {@link Verdict.Kind#REFUSED} (narrowed down to the reading, set aside);</li>
 * <li>HTTP 408, 425, 429, 5xx: busy or away → {@link Verdict.Kind#RETRY};</li>
 * <li>any other answer (401, 403, 404, 3xx…): the uplink is misconfigured or not allowed; a person
 * must act, nothing is set aside → {@link Verdict.Kind#ALARM};</li>
 * <li>Kafka: a record too large or invalid → REFUSED; authentication, authorisation, an invalid
 * topic name → ALARM; the rest (broker away, timeouts) → RETRY.</li>
 * </ul>
 * Anything else is {@link Verdict.Kind#RETRY}: an unknown failure never costs a reading.
 */
public final class Verdicts {
    /** Longest excerpt of a backend's answer kept in a reason (log lines and dead letters stay short). */
    public static final int MAX_ANSWER_CHARS = 300;

    private Verdicts() {
    }

    public static Verdict of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return ofHttp(http.getStatusCode(), "HTTP " + http.getStatusCode()
                        + answer(http.getResponseBody()));
            }
            if (t instanceof RecordTooLargeException || t instanceof InvalidRecordException) {
                return Verdict.refused("Kafka refused the record (" + t.getClass().getSimpleName() + "): " + t.getMessage());
            }
            if (t instanceof AuthenticationException || t instanceof AuthorizationException
                    || t instanceof InvalidTopicException) {
                return Verdict.alarm(describe(failure));
            }
        }
        return Verdict.retry(describe(failure));
    }

    /** What an HTTP status (not 2xx) means; {@code reason} says it in the log or the dead letter. */
    public static Verdict ofHttp(int status, String reason) {
        if (status == 400 || status == 413 || status == 422) {
            return Verdict.refused(reason);
        }
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return Verdict.retry(reason);
        }
        return Verdict.alarm(reason + " (the backend refuses the uplink: check its URL and credentials)");
    }

    /** A failure's messages along its cause chain, bounded, on one line. */
    public static String describe(Throwable t) {
        if (t == null) {
            return "unknown failure";
        }
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof org.apache.camel.CamelExchangeException && c.getCause() != null) {
                continue; // a splitter's wrapper: its message repeats the cause and the exchange
            }
            String message = c.getMessage() == null ? c.getClass().getSimpleName()
                    : c.getClass().getSimpleName() + ": " + c.getMessage();
            if (sb.indexOf(message) < 0 && (c.getMessage() == null || sb.indexOf(c.getMessage()) < 0)) {
                sb.append(sb.length() == 0 ? "" : " <- ").append(message);
            }
        }
        return bounded(sb.toString(), 2 * MAX_ANSWER_CHARS);
    }

    private static String answer(String body) {
        String oneLine = bounded(body == null ? "" : body, MAX_ANSWER_CHARS);
        return oneLine.isEmpty() ? "" : ": " + oneLine;
    }

    /** One line, at most {@code max} characters. */
    public static String bounded(String text, int max) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "…";
    }
}
