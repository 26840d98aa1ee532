package com.neuronexus.streams.connectors.ingest;

import com.neuronexus.streams.core.events.DeadLetter;
import com.neuronexus.streams.core.events.Event;
import com.neuronexus.streams.core.json.Json;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Right after a source: good events go on, malformed messages and events later than the allowed lateness
 * go to the dead-letter side output with their reason, each counted ({@code nexus_dlq_malformed},
 * {@code nexus_dlq_late}, {@code nexus_events_in}). An event is late when {@code ts + allowedLateness <=
 * watermark}: the watermark already promised that nothing that old would come.
 */
public final class IngestRouter<T extends Event> extends ProcessFunction<Ingested<T>, T> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final String topic;
    private final long allowedLatenessMs;
    private final int rawMaxBytes;

    private transient Counter eventsIn;
    private transient Counter malformed;
    private transient Counter late;

    public IngestRouter(String topic, long allowedLatenessMs, int rawMaxBytes) {
        this.topic = topic;
        this.allowedLatenessMs = allowedLatenessMs;
        this.rawMaxBytes = rawMaxBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        var group = getRuntimeContext().getMetricGroup().addGroup("topic", topic);
        eventsIn = group.counter("nexus_events_in");
        malformed = group.counter("nexus_dlq_malformed");
        late = group.counter("nexus_dlq_late");
    }

    @Override
    public void processElement(Ingested<T> in, Context ctx, Collector<T> out) {
        if (in.isEndOfInput()) {
            return; // it has done its work in the watermark generator
        }
        if (in.deadLetter != null) {
            malformed.inc();
            ctx.output(DEAD_LETTERS, in.deadLetter);
            return;
        }
        T event = in.event;
        long watermark = ctx.timerService().currentWatermark();
        long ts = event.ts().toEpochMilli();
        if (watermark != Long.MIN_VALUE && ts + allowedLatenessMs <= watermark) {
            late.inc();
            byte[] original = Json.toBytes(event);
            String error = "event time " + event.ts() + " is behind the watermark " + java.time.Instant.ofEpochMilli(watermark)
                    + " by more than the allowed lateness of " + allowedLatenessMs + " ms";
            ctx.output(DEAD_LETTERS, MessageDecoding.deadLetter(topic, original, in.partition, in.offset, error, DeadLetter.REASON_LATE, null,
                    rawMaxBytes));
            return;
        }
        eventsIn.inc();
        out.collect(event);
    }
}
