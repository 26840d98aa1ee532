package com.neuronexus.streams.tools.kafka;

import com.neuronexus.streams.core.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays a generated workload into Kafka as live traffic: messages in their event-time order, paced at a
 * target rate, each stamped with the wall-clock time it is sent (and, after the first pass, a unique
 * event_id), looping over the workload until stopped or the limit is reached.
 */
public final class LiveFeed implements AutoCloseable {
    /** Opens one pass over the workload; the feed loops over passes. */
    public interface Workload {
        CloseableIterator open() throws IOException;
    }

    public interface CloseableIterator extends java.util.Iterator<WorkloadFiles.Message>, AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private final Workload workload;
    private final TopicLoader loader;
    private String topicPrefix = "";
    private java.util.Set<Topic> onlyTopics = null;
    private final double eventsPerSecond;
    private final long limit;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<Topic, AtomicLong> sent = new EnumMap<>(Topic.class);
    private final Thread thread;
    private volatile Throwable failure;

    public static Workload files(Path dir) {
        return () -> {
            WorkloadFiles files = new WorkloadFiles(dir);
            return new CloseableIterator() {
                @Override
                public boolean hasNext() {
                    return files.hasNext();
                }

                @Override
                public WorkloadFiles.Message next() {
                    return files.next();
                }

                @Override
                public void close() throws IOException {
                    files.close();
                }
            };
        };
    }

    public LiveFeed(Workload workload, String bootstrapServers, double eventsPerSecond, long limit) {
        this.workload = workload;
        this.loader = new TopicLoader(bootstrapServers);
        this.eventsPerSecond = eventsPerSecond;
        this.limit = limit;
        for (Topic t : Topic.inputs()) {
            sent.put(t, new AtomicLong());
        }
        this.thread = new Thread(this::run, "nexus-live-feed");
        this.thread.setDaemon(true);
    }

    /** Send to {@code prefix + topic} and only the given topics (benchmarks isolate one job's inputs). */
    public LiveFeed restrictTo(String prefix, java.util.Set<Topic> topics) {
        this.topicPrefix = prefix;
        this.onlyTopics = topics;
        return this;
    }

    public LiveFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        long intervalNanos = (long) (1_000_000_000L / eventsPerSecond);
        long next = System.nanoTime();
        long total = 0;
        try {
            for (long cycle = 0; running.get() && total < limit; cycle++) {
                try (CloseableIterator files = workload.open()) {
                    if (!files.hasNext()) {
                        return;
                    }
                    while (running.get() && files.hasNext() && total < limit) {
                        WorkloadFiles.Message message = files.next();
                        if (message == null) {
                            break;
                        }
                        if (onlyTopics != null && !onlyTopics.contains(message.topic())) {
                            continue;
                        }
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        next += intervalNanos;
                        loader.send(topicPrefix, message.topic(), message.restamped(Instant.now(), cycle));
                        sent.get(message.topic()).incrementAndGet();
                        total++;
                    }
                }
            }
            loader.flush();
        } catch (IOException e) {
            failure = new UncheckedIOException(e);
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    public Map<Topic, Long> sentPerTopic() {
        Map<Topic, Long> copy = new EnumMap<>(Topic.class);
        sent.forEach((t, n) -> copy.put(t, n.get()));
        return copy;
    }

    public long totalSent() {
        return sent.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public Throwable failure() {
        return failure;
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
        loader.close();
    }
}
