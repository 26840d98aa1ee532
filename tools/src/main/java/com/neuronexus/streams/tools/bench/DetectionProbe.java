package com.neuronexus.streams.tools.bench;

import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.MetricSample;
import com.neuronexus.streams.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Detection delay of the ops job, measured on labelled anomalies injected into its live feed: a series of its
 * own ({@value #SERIES}) on {@code ops.metrics}, {@value #RATE_HZ} samples a second stamped with the wall
 * clock, normal noise around 100 (σ = 1), and after a warm-up every {@value #SPIKE_EVERY}th sample a spike of
 * 30 σ. The delay of a spike is the time its {@code METRIC_ANOMALY} OBSERVED signal is consumed from
 * {@code ops.signals} minus the spike's wall-clock stamp (the signal carries the spike's timestamp, so each
 * signal is matched to its spike). At most {@code maxSpikes} spikes; a spike without a signal by the end is
 * counted as missed (spikes stop a few seconds before the end, so that each has time to be seen).
 */
final class DetectionProbe extends LiveProbe {
    static final String SERIES = "bench_detection_probe";
    static final int RATE_HZ = 20;
    static final int WARMUP_SAMPLES = 40;
    static final int SPIKE_EVERY = 20;

    private final int maxSpikes;
    private final long spikesUntil;
    /** Spike timestamp → wall-clock time its signal was consumed (-1 until then). */
    private final Map<Long, Long> spikes = new ConcurrentHashMap<>();
    private final Random random = new Random(42);

    DetectionProbe(String bootstrap, String prefix, int maxSpikes, long spikesUntilMillis) {
        super(bootstrap, prefix, "bench-detection-probe", RATE_HZ);
        this.spikesUntil = spikesUntilMillis;
        this.maxSpikes = maxSpikes;
    }

    @Override
    protected void tick(int i, long ts) {
        boolean spike = i >= WARMUP_SAMPLES && (i - WARMUP_SAMPLES) % SPIKE_EVERY == SPIKE_EVERY - 1
                && spikes.size() < maxSpikes && ts < spikesUntil;
        double value = 100 + random.nextGaussian() + (spike ? 30 : 0);
        MetricSample sample = new MetricSample("probe-" + ts + "-" + i, Instant.ofEpochMilli(ts), SERIES, value);
        if (spike) {
            spikes.put(ts, -1L);
        }
        loader.send(prefix, Topic.METRICS, Json.toBytes(sample));
    }

    /** Notes the first OBSERVED signal of each spike (the signal carries the spike's timestamp). */
    @Override
    protected void onObserved(String dedupKey, long ts, long consumedAt) {
        if (dedupKey.endsWith(":" + SERIES)) {
            spikes.computeIfPresent(ts, (k, v) -> v < 0 ? consumedAt : v);
        }
    }

    /** Delays (ms) of the detected spikes, sorted. */
    List<Long> delays() {
        List<Long> delays = new ArrayList<>();
        spikes.forEach((ts, at) -> {
            if (at >= 0) {
                delays.add(at - ts);
            }
        });
        delays.sort(Long::compare);
        return delays;
    }

    int injected() {
        return spikes.size();
    }
}
