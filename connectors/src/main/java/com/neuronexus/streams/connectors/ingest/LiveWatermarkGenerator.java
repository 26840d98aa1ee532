package com.neuronexus.streams.connectors.ingest;

import com.neuronexus.streams.core.events.Event;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;

/**
 * The live watermark of one partition: bounded out-of-orderness, plus two rules for quiet partitions.
 *
 * <p>A <b>caught-up</b> partition — its newest event arrived within the out-of-orderness bound of its own
 * timestamp — that then stays quiet for {@code caughtUpQuietMillis} follows the wall clock: its watermark is
 * {@code now - outOfOrderness}, the earliest timestamp a later event on it could carry if it keeps the same
 * bound. Without this, one sparse topic (item master data, say) holds every event-time result back until its
 * idleness runs out, and each rare event on it starts that wait again. Because the partition keeps a
 * watermark instead of going idle, event-time timers (timeouts, heartbeats) keep firing when every input is
 * quiet.
 *
 * <p>Any other quiet partition — never caught up, or replaying history — goes idle after {@code idlenessMillis},
 * as with Flink's {@code withIdleness}.
 *
 * <p>Quiet time is measured on the source's input-activity clock, which stands still while the source is
 * back-pressured, so a partition with a backlog the job cannot take yet never counts as quiet. Only which
 * events count as late can differ from an event-driven watermark; results for on-time events do not.
 */
final class LiveWatermarkGenerator<T extends Event> implements WatermarkGenerator<Ingested<T>> {
    private final long outOfOrderness;
    private final long idlenessMillis;
    private final long caughtUpQuietMillis;
    private final RelativeClock activity;
    private final LongSupplier wallClock;

    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEventAt;
    private boolean caughtUp;
    private long emitted = Long.MIN_VALUE;
    private boolean idle;

    LiveWatermarkGenerator(long outOfOrderness, long idlenessMillis, long caughtUpQuietMillis, RelativeClock activity,
            LongSupplier wallClock) {
        this.outOfOrderness = outOfOrderness;
        this.idlenessMillis = idlenessMillis;
        this.caughtUpQuietMillis = caughtUpQuietMillis;
        this.activity = activity;
        this.wallClock = wallClock;
        this.lastEventAt = activity.relativeTimeMillis();
    }

    @Override
    public void onEvent(Ingested<T> event, long eventTimestamp, WatermarkOutput output) {
        if (event.event == null && !event.isEndOfInput()) {
            return; // dead letters never move time
        }
        lastEventAt = activity.relativeTimeMillis();
        if (eventTimestamp > maxTimestamp) {
            maxTimestamp = eventTimestamp;
            caughtUp = wallClock.getAsLong() - eventTimestamp <= outOfOrderness;
        }
        if (idle) {
            idle = false;
            output.markActive();
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long quiet = activity.relativeTimeMillis() - lastEventAt;
        long watermark = maxTimestamp == Long.MIN_VALUE ? Long.MIN_VALUE : maxTimestamp - outOfOrderness - 1;
        if (caughtUp && caughtUpQuietMillis > 0 && quiet >= caughtUpQuietMillis) {
            watermark = Math.max(watermark, wallClock.getAsLong() - outOfOrderness - 1);
        } else if (idlenessMillis > 0 && quiet >= idlenessMillis) {
            if (watermark > emitted) {
                // The watermark its last events earned first, idle on the next period: a partition read in one
                // burst and quiet before the next period (a loaded machine, a period longer than the idleness)
                // went idle without it, and the events it holds back were never passed (the combined watermark
                // skips idle partitions, so marking idle in the same period would drop it too).
                emitted = watermark;
                output.emitWatermark(new Watermark(watermark));
                return;
            }
            if (!idle) {
                idle = true;
                output.markIdle();
            }
            return;
        }
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
