package com.neuronexus.streams.tools.scoreseries;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CSV side of {@code ./nexus score-series}: header {@code timestamp,value[,series]} (any column order,
 * case-insensitive), timestamps as ISO-8601 (no zone = UTC), {@code yyyy-MM-dd HH:mm:ss} (UTC) or epoch
 * milliseconds. Every input row becomes exactly one output row, in input order; a row whose timestamp or value
 * cannot be read keeps an empty score.
 */
public final class SeriesCsv {
    private SeriesCsv() {}

    public static final String DEFAULT_SERIES = "series";

    /** One input row; {@code tsMillis} is null when the timestamp could not be read. */
    public record Row(int index, String timestampText, String valueText, String series, Long tsMillis, double value) {
        public boolean scorable() {
            return tsMillis != null;
        }
    }

    public record Table(boolean hasSeries, List<Row> rows) {}

    public static Table read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + " is empty: expected a header timestamp,value[,series]");
            }
            String[] names = split(header.replace("\uFEFF", ""));
            int tsCol = -1;
            int valueCol = -1;
            int seriesCol = -1;
            for (int i = 0; i < names.length; i++) {
                switch (names[i].trim().toLowerCase(Locale.ROOT)) {
                    case "timestamp" -> tsCol = i;
                    case "value" -> valueCol = i;
                    case "series" -> seriesCol = i;
                    default -> { }
                }
            }
            if (tsCol < 0 || valueCol < 0) {
                throw new IllegalArgumentException(file + ": header must name the columns timestamp and value (series optional), got: " + header);
            }
            List<Row> rows = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = split(line);
                String tsText = cell(cells, tsCol);
                String valueText = cell(cells, valueCol);
                String series = seriesCol < 0 ? DEFAULT_SERIES : cell(cells, seriesCol);
                rows.add(new Row(rows.size(), tsText, valueText, series, parseTimestamp(tsText), parseValue(valueText)));
            }
            return new Table(seriesCol >= 0, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code timestamp,value,anomaly_score[,series]}; scores[i] NaN means "could not score". */
    public static void write(Path file, Table table, double[] scores) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(table.hasSeries() ? "timestamp,value,anomaly_score,series\n" : "timestamp,value,anomaly_score\n");
            for (Row row : table.rows()) {
                double score = scores[row.index()];
                out.write(quote(row.timestampText()) + "," + quote(row.valueText()) + ","
                        + (Double.isNaN(score) ? "" : String.format(Locale.ROOT, "%.6f", score))
                        + (table.hasSeries() ? "," + quote(row.series()) : "") + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Long parseTimestamp(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return null;
        }
        if (t.matches("-?\\d+")) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        String iso = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // not an instant with Z; try an offset, then a local time taken as UTC
        }
        try {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // no offset
        }
        try {
            return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static double parseValue(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String cell(String[] cells, int i) {
        return i < cells.length ? cells[i] : "";
    }

    /** Splits one CSV line; double-quoted cells may hold commas and doubled quotes. */
    static String[] split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        cells.add(cur.toString());
        return cells.toArray(String[]::new);
    }

    private static String quote(String cell) {
        return cell.contains(",") || cell.contains("\"") ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
