package io.heathub.api.rest;

import java.util.Objects;

/**
 * A JSON document a feature has already written (e.g. the settlement lines {@code heathub settle}
 * prints), placed as it is wherever it appears in a {@link RestResponse.Value}.
 *
 * @param json one complete JSON value
 */
public record JsonText(String json) {
    public JsonText {
        Objects.requireNonNull(json, "json");
    }
}
