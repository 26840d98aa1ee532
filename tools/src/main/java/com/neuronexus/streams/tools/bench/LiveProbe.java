package com.neuronexus.streams.tools.bench;

import com.neuronexus.streams.tools.kafka.TopicLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A labelled-anomaly injector of the live bench: a thread of its own sends records stamped with the wall clock to
 * the job's input topics until closed, and {@link #onRecord} sees every output record the bench consumes, to
 * match the job's signals to what was injected.
 */
abstract class LiveProbe implements AutoCloseable {
    protected final TopicLoader loader;
    protected final String prefix;
    private final Thread thread;
    private volatile boolean running = true;

    LiveProbe(String bootstrap, String prefix, String threadName) {
        this.loader = new TopicLoader(bootstrap);
        this.prefix = prefix;
        this.thread = new Thread(this::inject, threadName);
        this.thread.setDaemon(true);
    }

    /** Sends the probe's records while {@link #running()}. */
    protected abstract void inject();

    /** Looks at one record the bench consumed at wall-clock time {@code consumedAt}. */
    abstract void onRecord(ConsumerRecord<byte[], byte[]> record, long consumedAt);

    protected boolean running() {
        return running;
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
