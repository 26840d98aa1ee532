package com.neuronexus.streams.connectors.ingest;

import com.neuronexus.streams.core.events.Event;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** Event-time watermark strategies: {@code ts} is event time; dead letters never move the watermark. */
public final class EventTimeWatermarks {
    private EventTimeWatermarks() {}

    /**
     * Live: bounded out-of-orderness, emitted periodically; a quiet partition that was caught up follows the wall
     * clock, any other quiet partition goes idle (see {@link LiveWatermarkGenerator}).
     */
    public static <T extends Event> WatermarkStrategy<Ingested<T>> live(Settings settings) {
        long outOfOrderness = settings.get(PlatformSettings.EVENTS_MAX_OUT_OF_ORDERNESS_MS);
        long idleness = settings.get(PlatformSettings.EVENTS_IDLENESS_MS);
        long caughtUpQuiet = settings.get(PlatformSettings.EVENTS_CAUGHT_UP_QUIET_MS);
        return WatermarkStrategy.<Ingested<T>>forGenerator(context -> new LiveWatermarkGenerator<>(
                        outOfOrderness, idleness, caughtUpQuiet, context.getInputActivityClock(), System::currentTimeMillis))
                .withTimestampAssigner((ingested, previous) -> ingested.eventTimeOrMin());
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
