package com.neuronexus.streams.tools.bench;

import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.json.Json;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Detector output for benchmarking the incident job on its own: signals over 200 entities, each observed
 * three times and then cleared, one signal per second of event time. Written as {@code ops.signals.jsonl}.
 */
final class SignalWorkload {
    private SignalWorkload() {}

    static void write(Path dir, int count) throws IOException {
        String[] priorities = {"P1", "P2", "P3", "P4"};
        Instant start = Instant.parse("2018-01-01T00:00:00Z");
        try (Writer out = Files.newBufferedWriter(dir.resolve(Topic.SIGNALS.fileName()), StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                int entity = i % 200;
                int round = i / 200;
                Signal.SignalState state = round % 4 == 3 ? Signal.SignalState.CLEARED : Signal.SignalState.OBSERVED;
                Signal signal = Signal.of("bench", "BENCH_CONDITION", "entity-" + entity, priorities[entity % 4], state,
                        start.plusSeconds(i), "{\"round\":" + round + "}");
                out.write(Json.toText(signal));
                out.write('\n');
            }
        }
    }
}
