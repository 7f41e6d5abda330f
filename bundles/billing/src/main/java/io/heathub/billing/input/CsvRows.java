package io.heathub.billing.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.heathub.config.DidYouMean;
import java.io.IOException;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Streams a CSV file with a required header row (RFC 4180 quoting, via Jackson's CSV parser),
 * handing each data row to a handler with the line and column of every value, so problems can be
 * reported as {@code FILE:LINE:COLUMN}. Blank lines are skipped; values are trimmed.
 */
final class CsvRows {

    /** One value and where it starts (1-based line and character column). */
    record Cell(String text, int line, int column) {
    }

    /** A data row, its values addressable by header name. */
    static final class Row {
        private final String file;
        private final int line;
        private final List<String> header;
        private final Map<String, Integer> index;
        private final List<Cell> cells;
        private final Problems problems;

        Row(String file, int line, List<String> header, Map<String, Integer> index, List<Cell> cells, Problems problems) {
            this.file = file;
            this.line = line;
            this.header = header;
            this.index = index;
            this.cells = cells;
            this.problems = problems;
        }

        int line() {
            return line;
        }

        /** The value of {@code column}; empty when it is an optional column the file does not have. */
        String text(String column) {
            Integer at = index.get(column);
            return at == null ? "" : cells.get(at).text();
        }

        /** Records a problem located at the value of {@code column}. */
        void problem(String column, String problem) {
            Cell cell = cells.get(index.get(column));
            problems.add(file, cell.line(), cell.column(), column, problem);
        }

        List<String> header() {
            return header;
        }
    }

    interface RowHandler {
        void row(Row row);
    }

    private CsvRows() {
    }

    /**
     * Reads {@code file}, checking its header holds exactly {@code columns} (any order), and calls
     * {@code handler} for each data row with the right number of values. Problems go to
     * {@code problems}; a file that cannot be parsed stops at the first syntax error.
     */
    static void read(Source source, String name, List<String> columns, Problems problems, RowHandler handler) {
        read(source, name, columns, List.of(), problems, handler);
    }

    /** What a reader reads, opened as UTF-8 that refuses malformed bytes. */
    @FunctionalInterface
    interface Source {
        Reader open() throws IOException;
    }

    /** The file (a missing one is a problem, not an exception). */
    static Source file(Path file) {
        return () -> Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    /** Bytes in memory, decoded exactly as {@link #file} decodes a file's (the fuzz test's input). */
    static Source bytes(byte[] content) {
        return () -> new BufferedReader(new InputStreamReader(new ByteArrayInputStream(content),
                StandardCharsets.UTF_8.newDecoder()));
    }

    /** As above, with {@code optional} columns the header may also name. */
    static void read(Source source, String name, List<String> columns, List<String> optional, Problems problems,
                     RowHandler handler) {
        CsvFactory factory = new CsvFactory();
        try (Reader reader = source.open();
             CsvParser parser = factory.createParser(reader)) {
            parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            parser.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
            parser.setSchema(CsvSchema.emptySchema());
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                problems.add(name, 1, 1, "header", "empty file; expected a header row: " + String.join(",", columns));
                return;
            }
            List<Cell> headerCells = nextRow(parser);
            if (headerCells == null || headerCells.isEmpty()) {
                problems.add(name, 1, 1, "header", "empty file; expected a header row: " + String.join(",", columns));
                return;
            }
            Optional<Map<String, Integer>> index = checkHeader(name, headerCells, columns, optional, problems);
            if (index.isEmpty()) {
                return;
            }
            List<String> header = headerCells.stream().map(c -> stripBom(c.text())).toList();
            List<Cell> cells;
            while ((cells = nextRow(parser)) != null) {
                if (cells.isEmpty() || cells.size() == 1 && cells.get(0).text().isEmpty()) {
                    continue; // a line of blanks
                }
                Cell first = cells.get(0);
                if (cells.size() != header.size()) {
                    Cell last = cells.get(cells.size() - 1);
                    if (cells.size() < header.size()) {
                        problems.add(name, first.line(), last.column() + last.text().length(), header.get(cells.size()),
                                "missing: the row has " + cells.size() + " of " + header.size() + " columns");
                    } else {
                        Cell extra = cells.get(header.size());
                        problems.add(name, extra.line(), extra.column(), "column " + (header.size() + 1),
                                "unexpected extra value \"" + extra.text() + "\": the header has " + header.size() + " columns");
                    }
                    continue;
                }
                handler.row(new Row(name, first.line(), header, index.get(), cells, problems));
            }
        } catch (NoSuchFileException e) {
            problems.add(name, 0, 0, "", "cannot read: no such file");
        } catch (StreamReadException e) {
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage().replace('\n', ' ');
            problems.add(name, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), "csv",
                    "malformed CSV, reading stopped here: " + message);
        } catch (IOException e) {
            problems.add(name, 0, 0, "", "cannot read: " + e.getMessage());
        }
    }

    /**
     * The next row's cells, or null at the end. With WRAP_AS_ARRAY the whole file is one array
     * (opened before the first call) holding one array per row.
     */
    private static List<Cell> nextRow(CsvParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            return null; // the wrapper's END_ARRAY, or the end of input
        }
        List<Cell> cells = new ArrayList<>();
        while (parser.nextToken() == JsonToken.VALUE_STRING) {
            JsonLocation at = parser.currentTokenLocation();
            cells.add(new Cell(parser.getText().trim(), at.getLineNr(), at.getColumnNr()));
        }
        return cells;
    }

    private static Optional<Map<String, Integer>> checkHeader(String name, List<Cell> header, List<String> columns,
                                                              List<String> optional, Problems problems) {
        Map<String, Integer> index = new HashMap<>();
        boolean ok = true;
        for (int i = 0; i < header.size(); i++) {
            Cell cell = header.get(i);
            String column = stripBom(cell.text());
            if (!columns.contains(column) && !optional.contains(column)) {
                List<String> known = new ArrayList<>(columns);
                known.addAll(optional);
                problems.add(name, cell.line(), cell.column(), column.isEmpty() ? "column " + (i + 1) : column,
                        "unknown column" + DidYouMean.hint(column, known) + "; expected the header " + String.join(",", columns)
                        + (optional.isEmpty() ? "" : " (optional: " + String.join(",", optional) + ")"));
                ok = false;
            } else if (index.putIfAbsent(column, i) != null) {
                problems.add(name, cell.line(), cell.column(), column, "column named twice in the header");
                ok = false;
            }
        }
        for (String column : columns) {
            if (!index.containsKey(column)) {
                problems.add(name, 1, 1, column, "missing from the header; expected " + String.join(",", columns));
                ok = false;
            }
        }
        return ok ? Optional.of(index) : Optional.empty();
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1).trim() : text;
    }
}
