package com.neuronexus.streams.operators.demand;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BucketSizeTest {
    /** DAY buckets take a shortcut (epoch-ms arithmetic): the same instants as the calendar. */
    @Test
    void dayArithmeticIsTheCalendarsDays() {
        SplittableRandom random = new SplittableRandom(3);
        long span = 9_000L * 365 * 86_400_000L;
        for (int i = 0; i < 200_000; i++) {
            long t = i < 1_000 ? (i - 500) * 43_200_000L + (i % 3 - 1) : random.nextLong(-span, span);
            LocalDate date = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC).toLocalDate();
            long start = date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            long next = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            assertEquals(start, BucketSize.DAY.start(t), "start of " + t);
            assertEquals(next, BucketSize.DAY.next(t), "next of " + t);
            assertEquals(next, BucketSize.DAY.next(start), "next of " + start);
        }
    }
}
