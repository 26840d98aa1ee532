package com.neuronexus.streams.jobs;

import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.events.ItemEvent;
import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.MetricSample;
import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.core.events.StockEvent;
import com.neuronexus.streams.core.events.UsageEvent;
import com.neuronexus.streams.core.settings.Settings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The benchmark's yardstick: every input topic read, parsed and validated exactly as the analytics jobs do,
 * then discarded. An analytics job's throughput is reported as a ratio to this one's.
 */
public final class PassthroughJob extends NexusJob {

    public PassthroughJob(Settings settings, TopicIo io) {
        super(settings, io);
    }

    public static void main(String[] args) throws Exception {
        JobLauncher.run(args, "passthrough", PassthroughJob::new);
    }

    @Override
    public String shortName() {
        return "passthrough";
    }

    @Override
    public void build(StreamExecutionEnvironment env) {
        discard(io.read(env, Topic.INVENTORY_USAGE, UsageEvent.class), "usage");
        discard(io.read(env, Topic.INVENTORY_STOCK, StockEvent.class), "stock");
        discard(io.read(env, Topic.INVENTORY_ITEMS, ItemEvent.class), "items");
        discard(io.read(env, Topic.REQUEST_LATENCY, RequestLatencyEvent.class), "latency");
        discard(io.read(env, Topic.METRICS, MetricSample.class), "metrics");
        discard(io.read(env, Topic.AUDIT_EVENTS, AuditEvent.class), "audit");
        discard(io.read(env, Topic.LEDGER_EVENTS, LedgerEvent.class), "ledger");
    }

    private static <T> void discard(org.apache.flink.streaming.api.datastream.DataStream<T> stream, String what) {
        stream.sinkTo(new DiscardingSink<>()).name("discard " + what).uid("discard-" + what);
    }
}
