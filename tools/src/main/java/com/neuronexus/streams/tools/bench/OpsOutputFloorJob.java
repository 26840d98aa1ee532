package com.neuronexus.streams.tools.bench;

import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.Event;
import com.neuronexus.streams.core.events.MetricSample;
import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.jobs.NexusJob;
import java.time.Instant;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * A bound on the ops job's throughput, not a job to run: it reads and validates the ops inputs exactly as the
 * passthrough does, and then only writes, for each input event, as many latency-window records as the ops job
 * wrote per input event on the same workload ({@code recordsPerEvent}, fractions carried over), through the same
 * JSON serializer and Kafka sink (AT_LEAST_ONCE). No keying, state, sketch, timer, rule or detector. Every
 * correct ops job writes those records (its output is fixed by the contract and the input), so it can run no
 * faster than this; its ratio to the passthrough bounds what the ops job's ratio can reach on this machine. The
 * bench runs it after the ops job, with the shared code already compiled: a loose bound.
 */
public final class OpsOutputFloorJob extends NexusJob {
    private final double recordsPerEvent;

    public OpsOutputFloorJob(Settings settings, TopicIo io, double recordsPerEvent) {
        super(settings, io);
        if (!(recordsPerEvent >= 0) || Double.isInfinite(recordsPerEvent)) {
            throw new IllegalArgumentException("records per event must be a finite number ≥ 0, was " + recordsPerEvent);
        }
        this.recordsPerEvent = recordsPerEvent;
    }

    @Override
    public String shortName() {
        return "ops-output-floor";
    }

    @Override
    public void build(StreamExecutionEnvironment env) {
        TypeInformation<LatencyWindow> type = TypeInformation.of(LatencyWindow.class);
        DataStream<LatencyWindow> fromRequests = io.read(env, Topic.REQUEST_LATENCY, RequestLatencyEvent.class)
                .flatMap(new Copies<RequestLatencyEvent>(recordsPerEvent), type)
                .name("floor-copies-requests").uid("floor-copies-requests");
        DataStream<LatencyWindow> fromMetrics = io.read(env, Topic.METRICS, MetricSample.class)
                .flatMap(new Copies<MetricSample>(recordsPerEvent), type)
                .name("floor-copies-metrics").uid("floor-copies-metrics");
        io.write(fromRequests.union(fromMetrics), Topic.LATENCY_WINDOWS, LatencyWindow.class);
    }

    /**
     * Emits {@code recordsPerEvent} windows per event on average: the fraction is carried from event to event,
     * so n events give floor(n × recordsPerEvent) records, as a job writing that many would.
     */
    static final class Copies<T extends Event> implements FlatMapFunction<T, LatencyWindow> {
        private final double recordsPerEvent;
        // Quantiles off by a fraction of the sketch's 1 %, at full double precision like the sketch's bucket values.
        private static final double P50 = 0.9981530134, P95 = 1.0031415927, P99 = 1.0071828183;
        /** Records owed but not yet written (below 1). Per subtask, not checkpointed: a bound, not output. */
        private double owed;

        Copies(double recordsPerEvent) {
            this.recordsPerEvent = recordsPerEvent;
        }

        @Override
        public void flatMap(T event, Collector<LatencyWindow> out) {
            owed += recordsPerEvent;
            long whole = (long) owed;
            owed -= whole;
            // Typical figures of a window (the ops output's average row is ~370 bytes of JSON, so is this one);
            // a fresh record each time, as the ops job builds each window's record.
            Instant start = event.ts();
            double value = event instanceof RequestLatencyEvent r ? r.latencyMs() : ((MetricSample) event).value();
            for (long i = 0; i < whole; i++) {
                out.collect(new LatencyWindow("inventory-api", "/api/stock", start.minusSeconds(60 - 10 * i),
                        start.plusSeconds(10 * i), 60, LatencyWindow.SLIDING, 1 + i, 0, 0, 0.0, (1 + i) / 60.0,
                        value, value * P50, value * P95, value * P99, value));
            }
        }
    }
}
