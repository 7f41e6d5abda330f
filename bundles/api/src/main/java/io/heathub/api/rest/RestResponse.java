package io.heathub.api.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link RestResource} answers; the web bundle turns it into HTTP (every JSON body
 * {@code application/json; charset=utf-8}, {@code Cache-Control: no-store}).
 */
public sealed interface RestResponse permits RestResponse.Value, RestResponse.Error, RestResponse.Download {

    /** The HTTP status. */
    int status();

    /**
     * A value the web bundle renders as JSON: public records by their components, maps as objects,
     * iterables as arrays, strings, booleans, numbers ({@code BigDecimal} as written), enums and
     * {@code java.time} values as strings, empty optionals and non-finite numbers as null, and
     * {@link JsonText} as it is.
     */
    record Value(int status, Object value) implements RestResponse {
    }

    /**
     * The error format: {@code {"status":404,"error":"…"}}, with {@code "problems":[…]} when
     * {@code problems} is not null (each one line, {@code file:line:column: key: problem} where located).
     */
    record Error(int status, String message, List<String> problems) implements RestResponse {
        public Error {
            Objects.requireNonNull(message, "message");
            problems = problems == null ? null : List.copyOf(problems);
        }
    }

    /**
     * A body streamed with status 200, e.g. a CSV export too large to hold in memory.
     *
     * @param contentType e.g. {@code text/csv; charset=utf-8}
     * @param fileName    the name suggested to save it under ({@code Content-Disposition})
     */
    record Download(String contentType, String fileName, Body body) implements RestResponse {
        public Download {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(body, "body");
        }

        @Override
        public int status() {
            return 200;
        }
    }

    /** Writes a streamed body; an exception after the first byte leaves the client a cut-off body. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** 200 with {@code value} as JSON. */
    static RestResponse ok(Object value) {
        return new Value(200, value);
    }

    /** {@code status} with {@code value} as JSON. */
    static RestResponse json(int status, Object value) {
        return new Value(status, value);
    }

    /** {@code {"status":…,"error":message}}. */
    static RestResponse error(int status, String message) {
        return new Error(status, message, null);
    }

    /** 422 {@code {"status":422,"error":summary,"problems":[…]}}: the request is fine, the site's configuration or data are not. */
    static RestResponse problems(String summary, List<String> problems) {
        return new Error(422, summary, problems);
    }

    /** A streamed 200. */
    static RestResponse download(String contentType, String fileName, Body body) {
        return new Download(contentType, fileName, body);
    }
}
