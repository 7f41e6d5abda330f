package io.heathub.billing.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * The hub's export of accepted readings: one CSV file per UTC day,
 * {@code readings-YYYY-MM-DD.csv}, header {@code device,point,time,value,unit,quality} (the
 * format {@code heathub settle --readings} reads). Registered by heathub-billing-export.
 */
public interface ReadingExport {

    /** The folder holding the day files. */
    Path directory();

    /** The UTC days that have a file, ascending. */
    List<LocalDate> days();

    /**
     * Writes the days {@code from}..{@code to} (inclusive, UTC) as one CSV: the header once, then
     * every complete row of each day file in day order. Days without a file are skipped.
     */
    void writeCsv(LocalDate from, LocalDate to, OutputStream out) throws IOException;
}
