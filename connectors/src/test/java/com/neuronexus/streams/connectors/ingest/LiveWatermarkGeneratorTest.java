package com.neuronexus.streams.connectors.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.MetricSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

class LiveWatermarkGeneratorTest {
    private static final long OUT_OF_ORDERNESS = 500;
    private static final long IDLENESS = 5_000;
    private static final long QUIET = 200;
    private static final long NOW = Instant.parse("2026-11-29T12:00:00Z").toEpochMilli();

    /** Wall clock and activity clock in one; the activity clock can stand still as under back-pressure. */
    private static final class Clocks implements RelativeClock {
        long wall = NOW;
        long activity = 0;

        void advance(long millis, boolean backPressured) {
            wall += millis;
            if (!backPressured) {
                activity += millis;
            }
        }

        @Override
        public long relativeTimeMillis() {
            return activity;
        }

        @Override
        public long relativeTimeNanos() {
            return activity * 1_000_000;
        }
    }

    private static final class Output implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }

        long last() {
            return watermarks.get(watermarks.size() - 1);
        }
    }

    private final Clocks clocks = new Clocks();
    private final Output output = new Output();
    /** What the partitions of one reader share: has it delivered anything yet. */
    private final AtomicBoolean readerDelivered = new AtomicBoolean();
    private final LiveWatermarkGenerator<MetricSample> generator = partition();

    private LiveWatermarkGenerator<MetricSample> partition() {
        return new LiveWatermarkGenerator<>(OUT_OF_ORDERNESS, IDLENESS, QUIET, clocks, () -> clocks.wall, readerDelivered);
    }

    private void event(long ts) {
        event(generator, output, ts);
    }

    private static void event(LiveWatermarkGenerator<MetricSample> partition, Output output, long ts) {
        partition.onEvent(Ingested.ok(new MetricSample("e" + ts, Instant.ofEpochMilli(ts), "s", 1.0), 0, 0), ts, output);
    }

    @Test
    void aCaughtUpPartitionFollowsTheWallClockOnceQuiet() {
        event(NOW - 20); // arrived 20 ms after its timestamp: caught up
        clocks.advance(100, false);
        generator.onPeriodicEmit(output);
        assertEquals(NOW - 20 - OUT_OF_ORDERNESS - 1, output.last(), "not quiet yet: bounded out-of-orderness");

        clocks.advance(3_000, false);
        generator.onPeriodicEmit(output);
        assertEquals(clocks.wall - OUT_OF_ORDERNESS - 1, output.last());
        clocks.advance(10_000, false);
        generator.onPeriodicEmit(output);
        assertEquals(clocks.wall - OUT_OF_ORDERNESS - 1, output.last(), "keeps following the clock, never idle");
        assertFalse(output.idle);
    }

    @Test
    void aPartitionReplayingHistoryIsNotCaughtUpAndGoesIdleInstead() {
        event(NOW - 86_400_000L); // a day old
        clocks.advance(1_000, false);
        generator.onPeriodicEmit(output);
        assertEquals(NOW - 86_400_000L - OUT_OF_ORDERNESS - 1, output.last(), "history does not jump to the wall clock");
        clocks.advance(IDLENESS, false);
        generator.onPeriodicEmit(output);
        assertTrue(output.idle);

        event(NOW - 86_300_000L);
        assertFalse(output.idle, "an event makes it active again");
    }

    @Test
    void aPartitionWithoutEventsGoesIdleAndEmitsNothing() {
        clocks.advance(1_000, false);
        generator.onPeriodicEmit(output);
        assertTrue(output.watermarks.isEmpty());
        clocks.advance(IDLENESS, false);
        generator.onPeriodicEmit(output);
        assertTrue(output.idle);
        assertTrue(output.watermarks.isEmpty());
    }

    @Test
    void backPressureIsNotQuiet() {
        event(NOW - 10);
        clocks.advance(10_000, true); // the wall clock moves, the source was blocked the whole time
        generator.onPeriodicEmit(output);
        assertEquals(NOW - 10 - OUT_OF_ORDERNESS - 1, output.last(), "a blocked partition may have a backlog");
        assertFalse(output.idle);
    }

    @Test
    void theWatermarkNeverGoesBack() {
        event(NOW - 10);
        clocks.advance(1_000, false);
        generator.onPeriodicEmit(output);
        long advanced = output.last();
        event(NOW + 100); // an event behind the wall-clock watermark: it may be late downstream, time does not regress
        generator.onPeriodicEmit(output);
        assertEquals(advanced, output.last());
        for (int i = 1; i < output.watermarks.size(); i++) {
            assertTrue(output.watermarks.get(i) > output.watermarks.get(i - 1));
        }
    }

    @Test
    void zeroQuietTimeKeepsIdlenessOnly() {
        LiveWatermarkGenerator<MetricSample> idlenessOnly =
                new LiveWatermarkGenerator<>(OUT_OF_ORDERNESS, IDLENESS, 0, clocks, () -> clocks.wall, readerDelivered);
        idlenessOnly.onEvent(Ingested.ok(new MetricSample("e", Instant.ofEpochMilli(NOW), "s", 1.0), 0, 0), NOW, output);
        clocks.advance(1_000, false);
        idlenessOnly.onPeriodicEmit(output);
        assertEquals(NOW - OUT_OF_ORDERNESS - 1, output.last());
        clocks.advance(IDLENESS, false);
        idlenessOnly.onPeriodicEmit(output);
        assertTrue(output.idle);
    }

    /**
     * A partition read in one burst that is already quiet for longer than the idleness at the next period (the
     * period late on a loaded machine, or longer than the idleness): it passes on the watermark of its last
     * events first and goes idle one period later, instead of going idle with them held back for good.
     */
    @Test
    void aPartitionQuietPastTheIdlenessAtItsNextPeriodEmitsItsWatermarkBeforeGoingIdle() {
        long old = NOW - 3_600_000L;
        for (int i = 0; i < 10; i++) {
            event(old + i * 1_000L);
        }
        clocks.advance(IDLENESS + 1_000, false);
        generator.onPeriodicEmit(output);
        assertEquals(List.of(old + 9_000 - OUT_OF_ORDERNESS - 1), output.watermarks);
        assertFalse(output.idle, "idle only once the watermark is out");
        clocks.advance(200, false);
        generator.onPeriodicEmit(output);
        assertTrue(output.idle);
        assertEquals(1, output.watermarks.size());
    }

    /**
     * Start-up: the consumer delivers nothing for longer than the idleness, so both partitions go idle. The first
     * record read (partition a) restarts the idleness of partition b, which has produced nothing: b is active again
     * with no watermark, so it holds the combined watermark until it produces or its idleness runs out again.
     */
    @Test
    void aPartitionThatProducedNothingCountsItsIdlenessFromTheReadersFirstRecord() {
        Output outA = new Output();
        LiveWatermarkGenerator<MetricSample> a = partition();
        Output outB = new Output();
        LiveWatermarkGenerator<MetricSample> b = partition();
        clocks.advance(IDLENESS + 1_000, false);
        a.onPeriodicEmit(outA);
        b.onPeriodicEmit(outB);
        assertTrue(outA.idle && outB.idle, "nothing delivered for longer than the idleness");

        long old = NOW - 3_600_000L;
        event(a, outA, old);
        assertFalse(outA.idle);
        clocks.advance(50, false);
        b.onPeriodicEmit(outB);
        assertFalse(outB.idle, "the reader delivers now: b's silence so far says nothing");
        assertTrue(outB.watermarks.isEmpty(), "and b promises nothing");

        clocks.advance(IDLENESS - 100, false);
        b.onPeriodicEmit(outB);
        assertFalse(outB.idle);
        clocks.advance(100, false);
        b.onPeriodicEmit(outB);
        assertTrue(outB.idle, "an empty partition holds the watermark once, for the idleness after the first record");

        event(a, outA, old + 1_000);
        clocks.advance(IDLENESS + 1_000, false);
        b.onPeriodicEmit(outB);
        assertTrue(outB.idle, "only the reader's first record restarts it");
    }

    @Test
    void aPartitionAssignedAfterTheReaderDeliveredCountsFromItsAssignment() {
        event(NOW - 3_600_000L);
        Output outLater = new Output();
        LiveWatermarkGenerator<MetricSample> later = partition(); // found by partition discovery
        clocks.advance(IDLENESS, false);
        later.onPeriodicEmit(outLater);
        assertTrue(outLater.idle);
    }

    @Test
    void aPartitionThatProducedBeforeTheReadersFirstRecordIsNotReset() {
        Output outB = new Output();
        LiveWatermarkGenerator<MetricSample> b = partition();
        long old = NOW - 3_600_000L;
        event(b, outB, old); // b's record is the reader's first: the flag is set by b itself
        clocks.advance(IDLENESS + 1_000, false);
        b.onPeriodicEmit(outB);
        clocks.advance(200, false);
        b.onPeriodicEmit(outB);
        assertEquals(List.of(old - OUT_OF_ORDERNESS - 1), outB.watermarks);
        assertTrue(outB.idle, "its own events started its quiet time");
    }

    @Test
    void aDeadLetterAlsoShowsTheReaderIsDelivering() {
        Output outB = new Output();
        LiveWatermarkGenerator<MetricSample> b = partition();
        clocks.advance(IDLENESS + 1_000, false);
        b.onPeriodicEmit(outB);
        assertTrue(outB.idle);
        generator.onEvent(Ingested.failed(new com.neuronexus.streams.core.events.DeadLetter(
                "t", 0, 0, "{", 1, false, "bad", com.neuronexus.streams.core.events.DeadLetter.REASON_MALFORMED, null)),
                Long.MIN_VALUE, output);
        b.onPeriodicEmit(outB);
        assertFalse(outB.idle);
    }
}
