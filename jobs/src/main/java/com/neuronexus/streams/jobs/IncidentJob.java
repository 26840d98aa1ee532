package com.neuronexus.streams.jobs;

import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.MetricSample;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.ControlCommand;
import com.neuronexus.streams.core.outputs.DriftScore;
import com.neuronexus.streams.core.outputs.HealthScore;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.core.outputs.Incident;
import com.neuronexus.streams.core.settings.IncidentSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.operators.incidents.HealthFunction;
import com.neuronexus.streams.operators.incidents.HealthInput;
import com.neuronexus.streams.operators.incidents.HealthRules;
import com.neuronexus.streams.operators.incidents.IncidentFunction;
import com.neuronexus.streams.operators.incidents.IncidentRules;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Signals from every detector become incidents (one lifecycle per dedup key); incidents and ops metrics become
 * a health score every interval, with safe-mode commands.
 *
 * <p>Reads {@code ops.signals}, {@code ops.metrics}; writes {@code ops.incidents}/incidents,
 * {@code ops.health}/health_scores and {@code ops.control}.
 */
public class IncidentJob extends NexusJob {

    public static void main(String[] args) throws Exception {
        JobLauncher.run(args, "incidents", IncidentJob::new);
    }

    public IncidentJob(Settings settings, TopicIo io) {
        super(settings, io);
    }

    @Override
    public String shortName() {
        return "incidents";
    }

    public static IncidentRules incidentRules(Settings settings) {
        return new IncidentRules(settings.get(IncidentSettings.ESCALATION_ATTEMPTS),
                settings.get(IncidentSettings.ESCALATION_AGE_MS), settings.get(IncidentSettings.COOLDOWN_MS),
                settings.get(IncidentSettings.FLUSH_GUARD_MS));
    }

    /** The rules for this job's inputs: without processing-time guards where event time never stalls (replay). */
    public static IncidentRules incidentRules(Settings settings, TopicIo io) {
        IncidentRules rules = incidentRules(settings);
        return io.watermarksCanStall() ? rules : rules.eventTimeOnly();
    }

    public static HealthRules healthRules(Settings settings) {
        return new HealthRules(settings.get(IncidentSettings.HEALTH_INTERVAL_MS),
                settings.get(IncidentSettings.GATE_MIN_DRIFT_SCORE), settings.get(IncidentSettings.GATE_MAX_ERROR_RATE),
                settings.get(IncidentSettings.HEALTH_SAFE_MODE_OFF_GRADE).trim().toUpperCase(java.util.Locale.ROOT),
                settings.get(IncidentSettings.HEALTH_SAFE_MODE_OFF_SCORES));
    }

    @Override
    public void build(StreamExecutionEnvironment env) {
        // Every signal, also one behind the watermark: detectors of other jobs and keys write ops.signals in
        // processing order, so across partitions a P1 can arrive "late"; dropping it would lose the incident.
        // IncidentFunction applies a signal behind the watermark at the next watermark step (or by its flush guard),
        // in time order with the key's other timers.
        DataStream<Signal> signals = io.readEveryRecord(env, Topic.SIGNALS, Signal.class);
        SingleOutputStreamOperator<Incident> incidents = signals
                .keyBy(Signal::dedupKey)
                .process(new IncidentFunction(incidentRules(settings, io)))
                .name("incident lifecycle")
                .uid("incident-lifecycle");
        io.write(incidents, Topic.INCIDENTS, Incident.class);

        DataStream<HealthInput> fromIncidents = incidents
                .map(HealthInput::of)
                .name("incident as health input")
                .uid("health-input-incidents");
        DataStream<HealthInput> fromMetrics = io.read(env, Topic.METRICS, MetricSample.class)
                .filter(HealthInput::isHealthMetric)
                .name("health metrics")
                .uid("health-metrics-filter")
                .map(HealthInput::of)
                .name("metric as health input")
                .uid("health-input-metrics");
        // The 10 s tumbling windows only: the sliding ones cover the same requests six times over.
        DataStream<HealthInput> fromLatency = io.readEveryRecord(env, Topic.LATENCY_WINDOWS, LatencyWindow.class)
                .filter(w -> LatencyWindow.TUMBLING.equals(w.windowKind()))
                .name("tumbling latency windows")
                .uid("health-latency-filter")
                .map(w -> HealthInput.latency(w.eventId(), w.windowEnd(), w.service() + "|" + w.route(),
                        w.requestCount(), w.errorRate(), w.p95Ms()))
                .name("latency window as health input")
                .uid("health-input-latency");
        DataStream<HealthInput> fromDrift = io.readEveryRecord(env, Topic.DRIFT, DriftScore.class)
                .map(d -> HealthInput.drift(d.eventId(), d.ts(), d.score()))
                .name("drift score as health input")
                .uid("health-input-drift");

        SingleOutputStreamOperator<HealthScore> health = fromIncidents.union(fromMetrics, fromLatency, fromDrift)
                .keyBy(input -> HealthFunction.KEY)
                .process(new HealthFunction(healthRules(settings)))
                .name("health score")
                .uid("health-score");
        io.write(health, Topic.HEALTH, HealthScore.class);
        io.write(health.getSideOutput(HealthFunction.CONTROL), Topic.CONTROL, ControlCommand.class);
    }
}
