package com.neuronexus.streams.tools.generator;

import com.neuronexus.streams.core.Topic;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code ./nexus generate --out DIR [--days D] [--skus N] [--seed S] [--start ISO] [--intensity X]}: writes the
 * workload as one {@code <topic>.jsonl} per input topic plus {@code manifest.json}. {@code --intensity} multiplies
 * the request-latency traffic (1: about 3 requests a minute per service), the other topics keep their volume.
 */
public final class GenerateCommand {
    public static final String USAGE =
            "usage: nexus generate --out DIR [--days D (28)] [--skus N (200)] [--seed S (42)] [--start ISO (2026-01-01T00:00:00Z)] [--intensity X (1)]";

    private GenerateCommand() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** @return the process exit code: 0 done, 2 bad arguments, 1 I/O failure */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path dir = null;
        int days = 28;
        int skus = 200;
        long seed = 42;
        double intensity = 1.0;
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    out.println(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + arg);
                }
                String value = args[++i];
                switch (arg) {
                    case "--out" -> dir = Path.of(value);
                    case "--days" -> days = positive(arg, Integer.parseInt(value));
                    case "--skus" -> skus = positive(arg, Integer.parseInt(value));
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--start" -> start = Instant.parse(value);
                    case "--intensity" -> intensity = positive(arg, Double.parseDouble(value));
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (dir == null) {
                throw new IllegalArgumentException("--out DIR is required");
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            err.println("nexus generate: bad value: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("nexus generate: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            long began = System.nanoTime();
            BatchWriter.Summary summary = BatchWriter.write(dir, seed, skus, start, days, intensity);
            long total = 0;
            for (Topic topic : Emitter.INPUTS) {
                long lines = summary.lines().get(topic);
                total += lines;
                out.printf("%-22s %9d lines (%d malformed)%n", topic.fileName(), lines, summary.malformed().get(topic));
            }
            out.printf("%s: %d injections; %d events in %.1f s -> %s%n", BatchWriter.MANIFEST, summary.injections(), total,
                    (System.nanoTime() - began) / 1e9, dir.toAbsolutePath());
            return 0;
        } catch (IOException e) {
            err.println("nexus generate: cannot write " + dir + ": " + e.getMessage());
            return 1;
        }
    }

    private static double positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be a positive number");
        }
        return value;
    }

    private static int positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return value;
    }
}
