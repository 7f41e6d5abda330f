package io.heathub.api.journal;

import io.heathub.api.Reading;

/**
 * A reading at its position in the journal.
 *
 * @param position strictly increasing, starting at 1
 * @param reading  the reading as accepted
 */
public record JournalEntry(long position, Reading reading) {
}
