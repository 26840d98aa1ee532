package com.neuronexus.streams.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.tools.kafka.TopicLoader;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A labelled-anomaly injector of the live bench: a thread of its own sends records stamped with the wall clock to
 * the job's input topics until closed, and {@link #onRecord} sees every output record the bench consumes, to
 * match the job's signals to what was injected.
 */
abstract class LiveProbe implements AutoCloseable {
    protected final TopicLoader loader;
    protected final String prefix;
    private final int ticksPerSecond;
    private final Thread thread;
    private volatile boolean running = true;

    LiveProbe(String bootstrap, String prefix, String threadName, int ticksPerSecond) {
        this.loader = new TopicLoader(bootstrap);
        this.prefix = prefix;
        this.ticksPerSecond = ticksPerSecond;
        this.thread = new Thread(this::inject, threadName);
        this.thread.setDaemon(true);
    }

    /**
     * Sends the records of tick {@code i}, stamped {@code ts}: the wall clock, but always later than the previous
     * tick's, so that each injected anomaly has a timestamp of its own (its signal carries it).
     */
    protected abstract void tick(int i, long ts);

    private void inject() {
        long intervalNanos = 1_000_000_000L / ticksPerSecond;
        long next = System.nanoTime();
        long lastTs = Long.MIN_VALUE;
        for (int i = 0; running; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            next += intervalNanos;
            long ts = Math.max(System.currentTimeMillis(), lastTs + 1);
            lastTs = ts;
            tick(i, ts);
            loader.flush(); // live records go out now, not after the producer's linger
        }
    }

    /** An OBSERVED signal the bench consumed at wall-clock time {@code consumedAt}, with its timestamp. */
    protected abstract void onObserved(String dedupKey, long ts, long consumedAt);

    /** Looks at one record the bench consumed at wall-clock time {@code consumedAt}. */
    final void onRecord(ConsumerRecord<byte[], byte[]> record, long consumedAt) {
        if (!record.topic().equals(prefix + Topic.SIGNALS.topicName())) {
            return;
        }
        try {
            JsonNode signal = Json.MAPPER.readTree(record.value());
            if ("OBSERVED".equals(signal.path("state").asText())) {
                onObserved(signal.path("dedup_key").asText(""), Instant.parse(signal.path("ts").asText()).toEpochMilli(),
                        consumedAt);
            }
        } catch (Exception e) {
            // not a signal
        }
    }

    LiveProbe start() {
        thread.start();
        return this;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2_000);
        loader.close();
    }
}
