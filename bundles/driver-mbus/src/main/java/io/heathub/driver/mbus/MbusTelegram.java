package io.heathub.driver.mbus;

import io.heathub.api.Reading;
import java.util.List;

/**
 * One decoded RSP_UD long frame: the meter's identity from the header and its records mapped to
 * canonical readings.
 *
 * @param primaryAddress  the A field of the reply
 * @param identification  the 8-digit identification number (secondary address), empty when the
 *                        frame has no long header (CI 0x78/0x7A)
 * @param manufacturer    the 3-letter manufacturer code (e.g. {@code SPX}), empty without long header
 * @param version         the meter's version byte (-1 without long header)
 * @param medium          the medium byte, e.g. 0x04 heat (-1 without long header)
 * @param accessNumber    the access number (counts replies)
 * @param status          the status byte (EN 13757-3 §6.4: error and power-low flags; docs/protocols.md §2.3)
 * @param readings        mapped readings, in record order
 * @param unmappedRecords records that were not mapped (unknown meaning, min/max values, dates,
 *                        records jMBus cannot interpret)
 * @param moreRecords     the meter signals more records in a next telegram (DIF 0x1F)
 */
public record MbusTelegram(int primaryAddress, String identification, String manufacturer, int version,
                           int medium, int accessNumber, int status, List<Reading> readings,
                           int unmappedRecords, boolean moreRecords) {
    public MbusTelegram {
        readings = List.copyOf(readings);
    }

    /** The device id the frame decoder reports: the identification number, else {@code "A<primary>"}. */
    public String deviceId() {
        return identification.isEmpty() ? "A" + primaryAddress : identification;
    }
}
