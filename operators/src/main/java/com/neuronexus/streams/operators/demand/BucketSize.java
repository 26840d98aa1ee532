package com.neuronexus.streams.operators.demand;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * The event-time bucket demand is counted in. Buckets are calendar periods in UTC: a DAY starts at
 * midnight, a WEEK on Monday (ISO), a MONTH on the 1st. All arithmetic is on epoch milliseconds.
 */
public enum BucketSize {
    DAY(7, 28),
    WEEK(52, 4),
    MONTH(12, 1);

    private static final long DAY_MS = 86_400_000L;
    /** ±10,000 years: well inside java.time's range, where the day arithmetic below is exact. */
    private static final long CALENDAR_SAFE_MS = 10_000L * 366 * DAY_MS;

    private final int season;
    private final int bucketsInFourWeeks;

    BucketSize(int season, int bucketsInFourWeeks) {
        this.season = season;
        this.bucketsInFourWeeks = bucketsInFourWeeks;
    }

    /** The natural season length in buckets: a week of days, a year of weeks or months. */
    public int season() {
        return season;
    }

    public int bucketsInFourWeeks() {
        return bucketsInFourWeeks;
    }

    /** Average length in days; converts per-bucket demand to per-day demand. */
    public double days() {
        return switch (this) {
            case DAY -> 1.0;
            case WEEK -> 7.0;
            case MONTH -> 365.25 / 12.0;
        };
    }

    /** How many buckets make {@code weeks} weeks (at least 1). */
    public int bucketsFor(double weeks) {
        return Math.max(1, (int) Math.round(weeks * 7.0 / days()));
    }

    /** Start (epoch ms) of the bucket holding {@code epochMs}. */
    public long start(long epochMs) {
        if (this == DAY && Math.abs(epochMs) < CALENDAR_SAFE_MS) {
            return Math.floorDiv(epochMs, DAY_MS) * DAY_MS; // UTC days are all 86,400,000 ms in java.time
        }
        LocalDate date = Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate first = switch (this) {
            case DAY -> date;
            case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> date.withDayOfMonth(1);
        };
        return first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** Start of the bucket after the one starting at {@code bucketStart}, i.e. that bucket's exclusive end. */
    public long next(long bucketStart) {
        if (this == DAY && Math.abs(bucketStart) < CALENDAR_SAFE_MS) {
            return (Math.floorDiv(bucketStart, DAY_MS) + 1) * DAY_MS; // a day close asks several times per SKU
        }
        LocalDate date = Instant.ofEpochMilli(bucketStart).atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate next = switch (this) {
            case DAY -> date.plusDays(1);
            case WEEK -> date.plusWeeks(1);
            case MONTH -> date.plusMonths(1);
        };
        return next.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
