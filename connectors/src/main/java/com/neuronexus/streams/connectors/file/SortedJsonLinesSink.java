package com.neuronexus.streams.connectors.file;

import com.neuronexus.streams.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes one {@code <topic>.jsonl} at the end of a bounded run, its lines ordered by (event time, text).
 * Sorting makes the file independent of how parallel branches interleaved, so replaying the same input
 * twice gives byte-identical files. Holds the output in memory: meant for replays and backtests, not for
 * unbounded streams. Must run with parallelism 1.
 */
public final class SortedJsonLinesSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String path;

    public SortedJsonLinesSink(Path path) {
        this.path = path.toAbsolutePath().toString();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer<>(Path.of(path));
    }

    private record Line(long timestamp, String text) {}

    private static final class Writer<T> implements SinkWriter<T> {
        private final Path target;
        private final List<Line> lines = new ArrayList<>();
        private boolean written;

        Writer(Path target) {
            this.target = target;
        }

        @Override
        public void write(T element, Context context) {
            Long ts = context.timestamp();
            lines.add(new Line(ts == null ? Long.MIN_VALUE : ts, Json.toText(element)));
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (endOfInput && !written) {
                writeFile();
            }
        }

        private void writeFile() throws IOException {
            lines.sort(Comparator.comparingLong(Line::timestamp).thenComparing(Line::text));
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                for (Line line : lines) {
                    out.write(line.text().getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                }
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written = true;
        }

        @Override
        public void close() {}
    }
}
