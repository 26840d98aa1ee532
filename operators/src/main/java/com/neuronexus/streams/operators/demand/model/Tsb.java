package com.neuronexus.streams.operators.demand.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Teunter–Syntetos–Babai: smooths the demand probability every bucket (towards 1 on demand, towards 0
 * without), and the demand size on demand only; forecast = probability × size. Unlike Croston it decays
 * for items that stop selling, which is what obsolescence looks like.
 */
public final class Tsb implements ForecastModel {
    private final double alpha;
    private final double beta;
    private double size;
    private double probability;
    private boolean started;
    private boolean sizeKnown;

    public Tsb(double alpha, double beta) {
        this.alpha = alpha;
        this.beta = beta;
    }

    @Override
    public String family() {
        return "TSB";
    }

    @Override
    public String label() {
        return "TSB(alpha=" + ForecastModel.fmt(alpha) + ",beta=" + ForecastModel.fmt(beta) + ")";
    }

    @Override
    public void update(double actual) {
        double occurred = actual > 0 ? 1 : 0;
        if (!started) {
            probability = occurred;
            started = true;
        } else {
            probability += beta * (occurred - probability);
        }
        if (actual > 0) {
            size = sizeKnown ? size + alpha * (actual - size) : actual;
            sizeKnown = true;
        }
    }

    @Override
    public double forecast(int h) {
        return Math.max(0, probability * size);
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeBoolean(started);
        out.writeBoolean(sizeKnown);
        out.writeDouble(size);
        out.writeDouble(probability);
    }

    @Override
    public void read(DataInput in) throws IOException {
        started = in.readBoolean();
        sizeKnown = in.readBoolean();
        size = in.readDouble();
        probability = in.readDouble();
    }
}
