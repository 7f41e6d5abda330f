package io.heathub.billing.supervision;

import java.time.Instant;
import java.util.Optional;

/** The supervision feed the hub sends to the platform on schedule. */
public interface SupervisionStatus {

    /** The latest feed produced, if any. */
    Optional<Latest> latest();

    /**
     * @param producedAt when it was built
     * @param json       the feed ({@code SupervisionJson})
     * @param endpoint   the Camel endpoint it went to
     * @param sendError  why sending failed; null when it was sent
     */
    record Latest(Instant producedAt, String json, String endpoint, String sendError) {
    }
}
