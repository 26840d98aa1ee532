package com.neuronexus.streams.tools.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * The generator's {@code <topic>.jsonl} files read back as one stream in event-time order across topics
 * (a malformed line keeps its place behind the line before it). Lazy: one line per topic in memory.
 */
public final class WorkloadFiles implements Iterator<WorkloadFiles.Message>, AutoCloseable {

    /** One message: its topic, raw bytes, and event time (the previous line's for a malformed one). */
    public record Message(Topic topic, byte[] value, long eventTime, long sequence) {
        /** The same message with {@code ts} set to the given instant and {@code event_id} made unique per cycle. */
        public byte[] restamped(Instant ts, long cycle) {
            try {
                JsonNode node = Json.MAPPER.readTree(value);
                if (node instanceof ObjectNode object && object.has("ts")) {
                    object.put("ts", ts.toString());
                    if (cycle > 0 && object.hasNonNull("event_id")) {
                        object.put("event_id", object.get("event_id").asText() + "~" + cycle);
                    }
                    return Json.MAPPER.writeValueAsBytes(object);
                }
            } catch (IOException | RuntimeException e) {
                // malformed on purpose: send it as it is
            }
            return value;
        }
    }

    private final class Cursor {
        final Topic topic;
        final BufferedReader reader;
        Message head;
        long lastTime = Long.MIN_VALUE;

        Cursor(Topic topic, BufferedReader reader) {
            this.topic = topic;
            this.reader = reader;
        }

        boolean advance() {
            try {
                String line;
                do {
                    line = reader.readLine();
                    if (line == null) {
                        head = null;
                        return false;
                    }
                } while (line.isBlank());
                long time = eventTimeOf(line);
                if (time == Long.MIN_VALUE) {
                    time = lastTime;
                }
                lastTime = time;
                head = new Message(topic, line.getBytes(StandardCharsets.ISO_8859_1), time, sequence++);
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final List<Cursor> cursors = new ArrayList<>();
    private final PriorityQueue<Cursor> queue = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.head.eventTime(), b.head.eventTime());
        return c != 0 ? c : Long.compare(a.head.sequence(), b.head.sequence());
    });
    private long sequence;

    public WorkloadFiles(Path dir) throws IOException {
        for (Topic topic : Topic.values()) {
            Path file = dir.resolve(topic.fileName());
            if (Files.isRegularFile(file)) {
                Cursor cursor = new Cursor(topic, Files.newBufferedReader(file, StandardCharsets.ISO_8859_1));
                cursors.add(cursor);
                if (cursor.advance()) {
                    queue.add(cursor);
                }
            }
        }
    }

    private static long eventTimeOf(String line) {
        try {
            JsonNode ts = Json.MAPPER.readTree(line.getBytes(StandardCharsets.ISO_8859_1)).get("ts");
            if (ts == null) {
                return Long.MIN_VALUE;
            }
            return ts.isNumber() ? ts.asLong() : Instant.parse(ts.asText()).toEpochMilli();
        } catch (IOException | RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }

    @Override
    public boolean hasNext() {
        return !queue.isEmpty();
    }

    @Override
    public Message next() {
        Cursor cursor = queue.poll();
        if (cursor == null) {
            throw new NoSuchElementException();
        }
        Message message = cursor.head;
        if (cursor.advance()) {
            queue.add(cursor);
        }
        return message;
    }

    @Override
    public void close() throws IOException {
        for (Cursor c : cursors) {
            c.reader.close();
        }
    }
}
