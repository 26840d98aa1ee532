package com.neuronexus.streams.tools.scoreseries;

import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.tools.cli.CommandArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./nexus score-series --input FILE.csv --out FILE.csv [--key value …]}: the OpsJob anomaly detector
 * over a CSV of {@code timestamp,value[,series]}; {@code ops.detector.*} settings apply as in the live job.
 */
public final class ScoreSeriesCommand {
    private ScoreSeriesCommand() {}

    public static int run(String[] args) throws Exception {
        CommandArgs parsed = CommandArgs.parse(args, Set.of("input", "out"), Set.of());
        if (!parsed.positional().isEmpty()) {
            System.err.println("usage: ./nexus score-series --input FILE.csv --out FILE.csv [--key value ...]");
            return 2;
        }
        Path input = Path.of(parsed.required("input"));
        Path out = Path.of(parsed.required("out"));
        if (!Files.isRegularFile(input)) {
            System.err.println("input file " + input + " does not exist");
            return 2;
        }
        Settings settings = Settings.load(parsed.settingArgs(), System.getenv(), Map.of());
        long start = System.nanoTime();
        int unscored = ScoreSeries.run(input, out, settings);
        long rows;
        try (var lines = Files.lines(out)) {
            rows = lines.count() - 1;
        }
        System.out.printf("scored %d rows of %s into %s in %d ms%s%n", rows, input, out,
                (System.nanoTime() - start) / 1_000_000,
                unscored == 0 ? "" : "; " + unscored + " rows without a readable timestamp kept an empty score");
        return 0;
    }
}
