package io.heathub.billing.records;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the hub keeps its operations records: one {@link RecordLog} file each in
 * {@code ${heathub.data}/records/}. The bundles that record them write there (heathub-complaints, heathub-obligations);
 * settlement reads the interruptions and refund exclusions there, in the hub and as
 * {@code heathub settle --records DIR}, so both settle from the same records.
 */
public final class OperationsRecords {
    /** The folder under the data folder. */
    public static final String FOLDER = "records";
    public static final String COMPLAINTS = "complaints.jsonl";
    public static final String INTERRUPTIONS = "interruptions.jsonl";
    public static final String EXCLUSIONS = "refund-exclusions.jsonl";

    private OperationsRecords() {
    }

    /** {@code <data>/records}. */
    public static Path folder(String dataDir) {
        return Path.of(dataDir).resolve(FOLDER);
    }

    /** The heat interruptions recorded in {@code folder} (none without the file); unreadable lines go to {@code problems}. */
    public static List<Interruption> interruptions(Path folder, List<String> problems) throws IOException {
        List<Interruption> out = new ArrayList<>();
        for (String line : RecordLog.read(folder.resolve(INTERRUPTIONS), Interruption::idOf, problems)) {
            out.add(Interruption.fromJson(line));
        }
        return out;
    }

    /** The refund exclusions recorded in {@code folder}; unreadable lines go to {@code problems}. */
    public static List<RefundExclusion> exclusions(Path folder, List<String> problems) throws IOException {
        List<RefundExclusion> out = new ArrayList<>();
        for (String line : RecordLog.read(folder.resolve(EXCLUSIONS), RefundExclusion::idOf, problems)) {
            out.add(RefundExclusion.fromJson(line));
        }
        return out;
    }

    /** The complaints recorded in {@code folder}; unreadable lines go to {@code problems}. */
    public static List<Complaint> complaints(Path folder, List<String> problems) throws IOException {
        List<Complaint> out = new ArrayList<>();
        for (String line : RecordLog.read(folder.resolve(COMPLAINTS), Complaint::idOf, problems)) {
            out.add(Complaint.fromJson(line));
        }
        return out;
    }

    /** The next id after those in use: {@code prefix} and a running number ({@code c-000042}). */
    public static String nextId(String prefix, List<String> ids) {
        long max = 0;
        for (String id : ids) {
            if (id.startsWith(prefix)) {
                try {
                    max = Math.max(max, Long.parseLong(id.substring(prefix.length())));
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        }
        return prefix + String.format("%06d", max + 1);
    }
}
