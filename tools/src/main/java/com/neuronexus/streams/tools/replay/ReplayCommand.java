package com.neuronexus.streams.tools.replay;

import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.jobs.JobCatalog;
import com.neuronexus.streams.jobs.Replay;
import com.neuronexus.streams.tools.cli.CommandArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./nexus replay JOB --input DIR --out DIR [--parallelism N] [--key value …]}: a job bounded over
 * {@code <topic>.jsonl} files, one {@code <topic>.jsonl} out per output and DLQ topic.
 */
public final class ReplayCommand {
    private ReplayCommand() {}

    public static int run(String[] args) throws Exception {
        CommandArgs parsed = CommandArgs.parse(args, Set.of("input", "out", "parallelism"), Set.of());
        if (parsed.positional().size() != 1) {
            System.err.println("usage: ./nexus replay JOB --input DIR --out DIR [--parallelism N] [--key value ...]");
            System.err.println("jobs: " + String.join(", ", JobCatalog.all().keySet()));
            return 2;
        }
        String job = parsed.positional().get(0);
        JobCatalog.byName(job);
        Path input = Path.of(parsed.required("input"));
        Path out = Path.of(parsed.required("out"));
        if (!Files.isDirectory(input)) {
            System.err.println("input directory " + input + " does not exist");
            return 2;
        }
        // The environment's NEXUS_* settings apply too, as for a live job; the cluster configuration does not.
        Settings settings = Settings.load(parsed.settingArgs(), System.getenv(), Map.of());
        int parallelism = Integer.parseInt(parsed.option("parallelism", "2"));
        long start = System.nanoTime();
        Replay.run(job, settings, input, out, parallelism);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("replayed " + job + " from " + input + " into " + out + " in " + ms + " ms:");
        try (var files = Files.list(out)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                long lines;
                try (var l = Files.lines(f)) {
                    lines = l.count();
                }
                System.out.printf("  %-40s %8d records%n", f.getFileName(), lines);
            }
        }
        return 0;
    }
}
