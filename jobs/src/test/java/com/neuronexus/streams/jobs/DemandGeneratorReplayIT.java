package com.neuronexus.streams.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.neuronexus.streams.connectors.io.FileTopicIo;
import com.neuronexus.streams.core.settings.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in: DemandJob twice over a generator directory ({@code -Ddemand.replay.input=DIR}), byte-identical
 * outputs. Run with {@code mvn -o test -pl jobs -am -Dtest=DemandGeneratorReplayIT -Ddemand.replay.input=DIR
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DemandGeneratorReplayIT {

    @Test
    void generatorReplayIsDeterministic(@TempDir Path dir) throws Exception {
        String input = System.getProperty("demand.replay.input");
        assumeTrue(input != null && Files.isDirectory(Path.of(input)), "set -Ddemand.replay.input=DIR");
        Path first = dir.resolve("out1");
        Path second = dir.resolve("out2");
        for (Path out : List.of(first, second)) {
            Settings settings = Settings.load(new String[0], Map.of(), Map.of());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, Replay.loopbackOnly());
            new DemandJob(settings, new FileTopicIo(settings, Path.of(input), out)).build(env);
            long start = System.nanoTime();
            env.execute("demand-generator-replay");
            System.out.printf("demand replay of %s took %.1f s%n", input, (System.nanoTime() - start) / 1e9);
        }
        for (String file : List.of("inventory.forecasts.jsonl", "inventory.recommendations.jsonl",
                "inventory.accuracy.jsonl", "ops.signals.jsonl", "inventory.usage.dlq.jsonl")) {
            byte[] a = Files.readAllBytes(first.resolve(file));
            System.out.printf("%s: %d lines%n", file, Files.readAllLines(first.resolve(file)).size());
            assertArrayEquals(a, Files.readAllBytes(second.resolve(file)), file);
        }
        Path keep = Path.of(System.getProperty("java.io.tmpdir"), "demand-generator-replay");
        if (Files.isDirectory(keep)) {
            try (var files = Files.list(keep)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(keep);
        try (var files = Files.list(first)) {
            for (Path p : files.toList()) {
                Files.copy(p, keep.resolve(p.getFileName()));
            }
        }
    }
}
