package com.neuronexus.streams.operators.demand.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Simple exponential smoothing (ETS(A,N,N)): a level, flat forecast. Starts at the first bucket's demand. */
public final class SimpleExponentialSmoothing implements ForecastModel {
    private final double alpha;
    private double level;
    private boolean started;

    public SimpleExponentialSmoothing(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public String family() {
        return "SES";
    }

    @Override
    public String label() {
        return "SES(alpha=" + ForecastModel.fmt(alpha) + ")";
    }

    @Override
    public void update(double actual) {
        if (!started) {
            level = actual;
            started = true;
        } else {
            level += alpha * (actual - level);
        }
    }

    @Override
    public double forecast(int h) {
        return Math.max(0, level);
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeBoolean(started);
        out.writeDouble(level);
    }

    @Override
    public void read(DataInput in) throws IOException {
        started = in.readBoolean();
        level = in.readDouble();
    }
}
