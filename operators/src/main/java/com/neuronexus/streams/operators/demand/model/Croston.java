package com.neuronexus.streams.operators.demand.model;

import com.neuronexus.streams.operators.demand.StateBytes;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Croston's method for intermittent demand: smooths the non-zero demand sizes {@code z} and the intervals
 * between them {@code p} separately, only when demand occurs; forecast per bucket = z / p.
 * The SBA variant (Syntetos–Boylan approximation) multiplies by (1 − alpha/2) to remove Croston's
 * known upward bias.
 */
public final class Croston implements ForecastModel {
    private final double alpha;
    private final boolean sba;
    private double size;
    private double interval;
    /** Buckets since the last non-zero demand, counting the current one. */
    private long sinceDemand;
    private boolean started;

    public Croston(double alpha, boolean sba) {
        this.alpha = alpha;
        this.sba = sba;
    }

    @Override
    public String family() {
        return sba ? "SBA" : "CROSTON";
    }

    @Override
    public String label() {
        return (sba ? "SBA" : "Croston") + "(alpha=" + ForecastModel.fmt(alpha) + ")";
    }

    @Override
    public void update(double actual) {
        sinceDemand++;
        if (actual > 0) {
            if (!started) {
                size = actual;
                interval = sinceDemand;
                started = true;
            } else {
                size += alpha * (actual - size);
                interval += alpha * (sinceDemand - interval);
            }
            sinceDemand = 0;
        }
    }

    @Override
    public double forecast(int h) {
        if (!started) {
            return 0;
        }
        double rate = size / interval;
        return sba ? (1 - alpha / 2) * rate : rate;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeBoolean(started);
        out.writeDouble(size);
        out.writeDouble(interval);
        StateBytes.writeVarLong(out, sinceDemand);
    }

    @Override
    public void read(DataInput in) throws IOException {
        started = in.readBoolean();
        size = in.readDouble();
        interval = in.readDouble();
        sinceDemand = StateBytes.readVarLong(in);
    }
}
