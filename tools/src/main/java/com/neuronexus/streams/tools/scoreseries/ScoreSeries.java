package com.neuronexus.streams.tools.scoreseries;

import com.neuronexus.streams.connectors.io.LoopbackConfig;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.jobs.OpsJob;
import com.neuronexus.streams.operators.ops.DetectorConfig;
import com.neuronexus.streams.operators.ops.ScoredPoint;
import com.neuronexus.streams.operators.ops.SeriesPoint;
import com.neuronexus.streams.operators.ops.flink.SeriesAnomalyFunction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * {@code ./nexus score-series --input FILE.csv --out FILE.csv [--key value …]}: the OpsJob's detector function
 * ({@link SeriesAnomalyFunction}, same settings) as a bounded Flink job over a CSV of one or many series. Rows
 * of a series are scored in (timestamp, row) order, exactly as the live job orders samples at its watermark;
 * the output has one row per input row, in input order.
 */
public final class ScoreSeries {
    private ScoreSeries() {}

    /** Scores the file and returns how many rows could not be scored (bad timestamp). */
    public static int run(Path input, Path output, Settings settings) throws Exception {
        SeriesCsv.Table table = SeriesCsv.read(input);
        double[] scores = score(table, OpsJob.detectorConfig(settings));
        SeriesCsv.write(output, table, scores);
        return (int) Arrays.stream(scores).filter(Double::isNaN).count();
    }

    static double[] score(SeriesCsv.Table table, DetectorConfig config) throws Exception {
        double[] scores = new double[table.rows().size()];
        Arrays.fill(scores, Double.NaN);
        List<SeriesPoint> points = new ArrayList<>();
        for (SeriesCsv.Row row : table.rows()) {
            if (row.scorable()) {
                // Zero-padded row number: the tie-breaker for equal timestamps is the input order.
                points.add(new SeriesPoint(row.series(), row.tsMillis(), row.value(), String.format("%012d", row.index()),
                        SeriesPoint.METRIC_ANOMALY, 0));
            }
        }
        if (points.isEmpty()) {
            return scores;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, LoopbackConfig.create());
        // No watermarks while reading: every sample waits for the end of input, then timers fire in time order.
        try (CloseableIterator<ScoredPoint> results = env
                .fromData(TypeInformation.of(SeriesPoint.class), points.toArray(SeriesPoint[]::new))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<SeriesPoint>noWatermarks()
                        .withTimestampAssigner((p, previous) -> p.tsMillis()))
                .name("csv-rows").uid("score-series-rows")
                .keyBy(SeriesPoint::series)
                .process(new SeriesAnomalyFunction(config, Long.MAX_VALUE / 4))
                .name("series-anomaly-detector").uid("ops-anomaly-detector")
                .executeAndCollect("score-series")) {
            while (results.hasNext()) {
                ScoredPoint p = results.next();
                scores[Integer.parseInt(p.ref())] = p.score();
            }
        }
        return scores;
    }
}
