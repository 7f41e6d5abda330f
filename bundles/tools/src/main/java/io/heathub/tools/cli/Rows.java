package io.heathub.tools.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of text cells printed as an aligned table or as CSV (RFC 4180 quoting), the
 * {@code --format table|csv} of {@code read}, {@code scan}, {@code status} and {@code modbus}.
 */
public final class Rows {
    /** The output formats a command may offer; each command says which it takes. */
    public enum Format {
        JSON, TABLE, CSV, YAML
    }

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Rows(String... header) {
        this.header = List.of(header);
    }

    /** One row; null cells print empty. */
    public Rows add(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object c : cells) {
            row.add(c == null ? "" : c.toString());
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** As a table or CSV; other formats are the command's own. */
    public void print(PrintStream out, Format format) {
        switch (format) {
            case TABLE -> printTable(out);
            case CSV -> printCsv(out);
            default -> throw new IllegalArgumentException(format + " is not a table format");
        }
    }

    private void printTable(PrintStream out) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(line(header, widths));
        rows.forEach(row -> out.println(line(row, widths)));
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            line.append(cell);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cell.length() + 2));
            }
        }
        return line.toString().stripTrailing();
    }

    private void printCsv(PrintStream out) {
        out.println(csvLine(header));
        rows.forEach(row -> out.println(csvLine(row)));
    }

    private static String csvLine(List<String> cells) {
        List<String> quoted = new ArrayList<>(cells.size());
        for (String c : cells) {
            boolean quote = c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r");
            quoted.add(quote ? '"' + c.replace("\"", "\"\"") + '"' : c);
        }
        return String.join(",", quoted);
    }
}
