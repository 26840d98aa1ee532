package com.neuronexus.streams.operators.demand.model;

import com.neuronexus.streams.operators.demand.StateBytes;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Seasonal naive: the forecast for a bucket is the demand of the same bucket one season earlier (last
 * Monday for a Monday). The seed system's baseline, and the yardstick every other model must beat.
 * Until a full season is seen it repeats the last value.
 */
public final class SeasonalNaive implements ForecastModel {
    private final int season;
    /** Demand by position in the season: slot {@code t % season} holds the newest bucket t of that position. */
    private final double[] lastSeason;
    private long count;

    public SeasonalNaive(int season) {
        this.season = season;
        this.lastSeason = new double[season];
    }

    @Override
    public String family() {
        return "SEASONAL_NAIVE";
    }

    @Override
    public String label() {
        return "SeasonalNaive(m=" + season + ")";
    }

    @Override
    public void update(double actual) {
        lastSeason[(int) (count % season)] = actual;
        count++;
    }

    @Override
    public double forecast(int h) {
        if (count == 0) {
            return 0;
        }
        if (count < season) {
            return lastSeason[(int) ((count - 1) % season)];
        }
        return lastSeason[(int) ((count + h - 1) % season)];
    }

    @Override
    public void write(DataOutput out) throws IOException {
        StateBytes.writeVarLong(out, count);
        int stored = (int) Math.min(count, season);
        for (int i = 0; i < stored; i++) {
            StateBytes.writeQuantity(out, lastSeason[i]); // actual demand: whole units mostly
        }
    }

    @Override
    public void read(DataInput in) throws IOException {
        count = StateBytes.readVarLong(in);
        int stored = (int) Math.min(count, season);
        for (int i = 0; i < stored; i++) {
            lastSeason[i] = StateBytes.readQuantity(in);
        }
    }
}
