package com.neuronexus.streams.connectors.ingest;

import com.neuronexus.streams.core.events.Event;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** Event-time watermark strategies: {@code ts} is event time; dead letters never move the watermark. */
public final class EventTimeWatermarks {
    private EventTimeWatermarks() {}

    /**
     * Live: bounded out-of-orderness, emitted periodically; a quiet partition that was caught up follows the wall
     * clock, any other quiet partition goes idle, counting from the reader's first record if it has produced nothing
     * (see {@link LiveWatermarkGenerator}).
     */
    public static <T extends Event> WatermarkStrategy<Ingested<T>> live(Settings settings) {
        long outOfOrderness = settings.get(PlatformSettings.EVENTS_MAX_OUT_OF_ORDERNESS_MS);
        long idleness = settings.get(PlatformSettings.EVENTS_IDLENESS_MS);
        long caughtUpQuiet = settings.get(PlatformSettings.EVENTS_CAUGHT_UP_QUIET_MS);
        return WatermarkStrategy.<Ingested<T>>forGenerator(new LiveGenerators<>(outOfOrderness, idleness, caughtUpQuiet))
                .withTimestampAssigner((ingested, previous) -> ingested.eventTimeOrMin());
    }

    /**
     * Asked by a source subtask for one generator per partition (and one for the reader's main output, which Kafka
     * does not use). Flink deserializes the strategy, and this supplier with it, in each task, so the flag that the
     * generators share — has the reader delivered anything yet — is per subtask. Were a copy ever shared by several
     * subtasks, a first record in one would only restart the idleness of partitions elsewhere that produced
     * nothing, once.
     */
    private static final class LiveGenerators<T extends Event> implements WatermarkGeneratorSupplier<Ingested<T>> {
        private static final long serialVersionUID = 1L;

        private final long outOfOrderness;
        private final long idleness;
        private final long caughtUpQuiet;
        private transient AtomicBoolean readerDelivered;

        LiveGenerators(long outOfOrderness, long idleness, long caughtUpQuiet) {
            this.outOfOrderness = outOfOrderness;
            this.idleness = idleness;
            this.caughtUpQuiet = caughtUpQuiet;
        }

        @Override
        public WatermarkGenerator<Ingested<T>> createWatermarkGenerator(Context context) {
            if (readerDelivered == null) {
                readerDelivered = new AtomicBoolean();
            }
            return new LiveWatermarkGenerator<>(outOfOrderness, idleness, caughtUpQuiet, context.getInputActivityClock(),
                    System::currentTimeMillis, readerDelivered);
        }
    }

    /**
     * Replay: the same bound, but a watermark after every event instead of on a processing-time period, so
     * which events count as late depends only on the file's order — the same on every run.
     */
    public static <T extends Event> WatermarkStrategy<Ingested<T>> replay(Settings settings) {
        long outOfOrderness = settings.get(PlatformSettings.EVENTS_MAX_OUT_OF_ORDERNESS_MS);
        return WatermarkStrategy.<Ingested<T>>forGenerator(context -> new PerEventBoundedOutOfOrderness<>(outOfOrderness))
                .withTimestampAssigner((ingested, previous) -> ingested.eventTimeOrMin());
    }

    private static final class PerEventBoundedOutOfOrderness<T extends Event> implements WatermarkGenerator<Ingested<T>> {
        private final long outOfOrderness;
        private long maxTimestamp = Long.MIN_VALUE;
        private long emitted = Long.MIN_VALUE;

        PerEventBoundedOutOfOrderness(long outOfOrderness) {
            this.outOfOrderness = outOfOrderness;
        }

        @Override
        public void onEvent(Ingested<T> event, long eventTimestamp, WatermarkOutput output) {
            if (event.event == null && !event.isEndOfInput()) {
                return;
            }
            maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
            long watermark = maxTimestamp - outOfOrderness - 1;
            if (watermark > emitted) {
                emitted = watermark;
                output.emitWatermark(new Watermark(watermark));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }
}
