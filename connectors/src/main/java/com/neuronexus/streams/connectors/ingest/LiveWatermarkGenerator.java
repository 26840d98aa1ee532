package com.neuronexus.streams.connectors.ingest;

import com.neuronexus.streams.core.events.Event;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>A partition that has produced nothing counts as quiet only from its reader's first record. Flink gives every
 * assigned partition a watermark of its own before anything is read (so one read late does not find the
 * watermark already past its events), but its idleness starts then too: if the consumer takes longer than the
 * idleness to deliver (a broker slow to answer, a loaded machine at a restart), every partition is idle before
 * the first record, the first partition read sets the watermark alone, and the others' older events are
 * dead-lettered as late. Until the reader has delivered something its silence says nothing about the
 * partition, so when it does, every partition that has produced nothing starts its idleness again (and is no
 * longer idle). An empty partition then holds the watermark at most the idleness after the reader's first
 * record, once; a reader that delivers nothing lets its partitions go idle as before.
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
    /** Whether the reader has delivered a record from any of its partitions; shared by their generators. */
    private final AtomicBoolean readerDelivered;
    /** The quiet time already counts from the reader's first record (or from after it: assigned later). */
    private boolean quietSinceReaderDelivered;

    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEventAt;
    private boolean caughtUp;
    private long emitted = Long.MIN_VALUE;
    private boolean idle;

    LiveWatermarkGenerator(long outOfOrderness, long idlenessMillis, long caughtUpQuietMillis, RelativeClock activity,
            LongSupplier wallClock, AtomicBoolean readerDelivered) {
        this.outOfOrderness = outOfOrderness;
        this.idlenessMillis = idlenessMillis;
        this.caughtUpQuietMillis = caughtUpQuietMillis;
        this.activity = activity;
        this.wallClock = wallClock;
        this.readerDelivered = readerDelivered;
        this.quietSinceReaderDelivered = readerDelivered.get();
        this.lastEventAt = activity.relativeTimeMillis();
    }

    @Override
    public void onEvent(Ingested<T> event, long eventTimestamp, WatermarkOutput output) {
        if (!readerDelivered.get()) {
            readerDelivered.set(true); // a dead letter too: the consumer is fetching
        }
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
        if (!quietSinceReaderDelivered && readerDelivered.get()) {
            quietSinceReaderDelivered = true;
            if (maxTimestamp == Long.MIN_VALUE) {
                // Before the combined watermark is taken in this period: the partition read first cannot have
                // moved it past this one's events yet, since this one never emitted a watermark.
                lastEventAt = activity.relativeTimeMillis();
                if (idle) {
                    idle = false;
                    output.markActive();
                }
            }
        }
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
