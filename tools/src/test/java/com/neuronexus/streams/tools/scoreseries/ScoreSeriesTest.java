package com.neuronexus.streams.tools.scoreseries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.operators.ops.DetectorConfig;
import com.neuronexus.streams.operators.ops.RobustAnomalyDetector;
import com.neuronexus.streams.operators.ops.SeriesState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreSeriesTest {

    @Test
    void timestampFormats() {
        long expected = Instant.parse("2026-03-01T10:15:30Z").toEpochMilli();
        assertEquals(expected, SeriesCsv.parseTimestamp("2026-03-01T10:15:30Z"));
        assertEquals(expected, SeriesCsv.parseTimestamp("2026-03-01T10:15:30"));
        assertEquals(expected, SeriesCsv.parseTimestamp("2026-03-01 10:15:30"));
        assertEquals(expected, SeriesCsv.parseTimestamp("2026-03-01T11:15:30+01:00"));
        assertEquals(expected, SeriesCsv.parseTimestamp(Long.toString(expected)));
        assertEquals(null, SeriesCsv.parseTimestamp("yesterday"));
    }

    @Test
    void oneOutputRowPerInputRowInInputOrderWithTheLiveDetectorsScores(@TempDir Path dir) throws Exception {
        Random random = new Random(5);
        StringBuilder csv = new StringBuilder("series,timestamp,value\n");
        int n = 120;
        long start = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
        double[] cpu = new double[n];
        for (int i = 0; i < n; i++) {
            cpu[i] = 40 + random.nextGaussian() + (i == 100 ? 30 : 0);
            long ts = start + i * 60_000L;
            String tsText = switch (i % 3) {
                case 0 -> Instant.ofEpochMilli(ts).toString();
                case 1 -> Long.toString(ts);
                default -> Instant.ofEpochMilli(ts).toString().replace('T', ' ').replace("Z", "");
            };
            csv.append("cpu,").append(tsText).append(',').append(cpu[i]).append('\n');
            csv.append("\"db,queue\",").append(tsText).append(',').append(1e6 + 1e4 * random.nextGaussian()).append('\n');
        }
        csv.append("cpu,not-a-time,3\n");
        Path in = dir.resolve("in.csv");
        Path out = dir.resolve("out.csv");
        Files.writeString(in, csv);

        int unscored = ScoreSeries.run(in, out, Settings.defaults());

        List<String> lines = Files.readAllLines(out);
        assertEquals("timestamp,value,anomaly_score,series", lines.get(0));
        assertEquals(2 * n + 2, lines.size(), "header + one row per input row");
        assertEquals(1, unscored);
        assertTrue(lines.get(lines.size() - 1).startsWith("not-a-time,3,,cpu"));
        RobustAnomalyDetector plain = new RobustAnomalyDetector(DetectorConfig.defaults());
        SeriesState state = plain.newState();
        for (int i = 0; i < n; i++) {
            String[] cpuRow = SeriesCsv.split(lines.get(1 + 2 * i));
            String[] dbRow = SeriesCsv.split(lines.get(2 + 2 * i));
            assertEquals("cpu", cpuRow[3]);
            assertEquals("db,queue", dbRow[3]);
            double expected = plain.update(state, start + i * 60_000L, cpu[i]).score();
            assertEquals(expected, Double.parseDouble(cpuRow[2]), 1e-6, "row " + i);
        }
        assertTrue(Double.parseDouble(SeriesCsv.split(lines.get(1 + 200))[2]) > 0.9, "the spike stands out");
    }
}
