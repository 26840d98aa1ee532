package com.neuronexus.streams.tools.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Where a workload puts its events: gives event ids, checks the run's time range, and buffers events until the
 * generator can release them in order.
 */
final class Emitter {
    static final java.util.Comparator<GeneratedRecord> ORDER = java.util.Comparator
            .comparing(GeneratedRecord::ts)
            .thenComparing(GeneratedRecord::topic)
            .thenComparingLong(GeneratedRecord::seq);

    private final Instant runStart;
    private final Instant runEnd;
    private final String runTag;
    private final PriorityQueue<GeneratedRecord> buffer = new PriorityQueue<>(ORDER);
    private final Map<Topic, Long> validIds = new EnumMap<>(Topic.class);
    private final Map<Topic, Long> badIds = new EnumMap<>(Topic.class);
    private final Consumer<Injection> injections;
    private long seq;

    Emitter(Instant runStart, Instant runEnd, String runTag, Consumer<Injection> injections) {
        this.runStart = runStart;
        this.runEnd = runEnd;
        this.runTag = runTag;
        this.injections = injections;
    }

    Instant runStart() {
        return runStart;
    }

    /** Exclusive end of the run; {@link Instant#MAX} for a live (unbounded) run. */
    Instant runEnd() {
        return runEnd;
    }

    /** Whether a sequence of events from {@code from} lasting {@code span} lies wholly inside the run. */
    boolean fits(Instant from, Duration span) {
        return !from.isBefore(runStart) && (runEnd.equals(Instant.MAX) || from.plus(span).isBefore(runEnd));
    }

    /** A new node with event_id and ts set, for a valid event of {@code topic}. */
    ObjectNode newEvent(Topic topic, Instant ts) {
        long n = validIds.merge(topic, 1L, Long::sum);
        ObjectNode node = Json.newObject();
        node.put("event_id", abbreviation(topic) + "-" + runTag + "-" + n);
        node.put("ts", ts.toString());
        return node;
    }

    void emit(Topic topic, String key, ObjectNode node, Instant ts) {
        checkInRange(ts);
        buffer.add(new GeneratedRecord(topic, key, Json.toText(node), ts, seq++, null));
    }

    /** A damaged message; its event_id (when it still has one) is from a separate "bad" sequence. */
    void emitMalformed(Topic topic, String key, ObjectNode sample, Malformed.Kind kind, Malformed.Spec spec, Instant ts) {
        checkInRange(ts);
        long n = badIds.merge(topic, 1L, Long::sum);
        ObjectNode node = sample.deepCopy();
        node.put("event_id", abbreviation(topic) + "-" + runTag + "-bad-" + n);
        buffer.add(new GeneratedRecord(topic, key, Malformed.damage(node, kind, spec), ts, seq++, kind.name()));
    }

    void inject(Injection injection) {
        injections.accept(injection);
    }

    PriorityQueue<GeneratedRecord> buffer() {
        return buffer;
    }

    private void checkInRange(Instant ts) {
        if (ts.isBefore(runStart)) {
            throw new IllegalStateException("generator bug: event at " + ts + " before the run start " + runStart);
        }
    }

    static String abbreviation(Topic topic) {
        return switch (topic) {
            case INVENTORY_USAGE -> "use";
            case INVENTORY_STOCK -> "stk";
            case INVENTORY_ITEMS -> "itm";
            case REQUEST_LATENCY -> "req";
            case METRICS -> "met";
            case AUDIT_EVENTS -> "aud";
            case LEDGER_EVENTS -> "led";
            default -> throw new IllegalArgumentException("not an input topic: " + topic);
        };
    }

    static final List<Topic> INPUTS = List.of(Topic.INVENTORY_USAGE, Topic.INVENTORY_STOCK, Topic.INVENTORY_ITEMS,
            Topic.REQUEST_LATENCY, Topic.METRICS, Topic.AUDIT_EVENTS, Topic.LEDGER_EVENTS);
}
