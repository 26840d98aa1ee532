package com.neuronexus.streams.operators.demand.model;

import com.neuronexus.streams.operators.demand.StateBytes;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Holt's linear method with a damped trend (ETS(A,Ad,N), Gardner &amp; McKenzie): level and trend; the
 * trend fades by {@code phi} per step so long horizons do not run away.
 * h-step forecast = level + (phi + phi² + … + phi^h)·trend.
 */
public final class DampedHolt implements ForecastModel {
    private final double alpha;
    private final double beta;
    private final double phi;
    private double level;
    private double trend;
    private long count;

    public DampedHolt(double alpha, double beta, double phi) {
        this.alpha = alpha;
        this.beta = beta;
        this.phi = phi;
    }

    @Override
    public String family() {
        return "DAMPED_HOLT";
    }

    @Override
    public String label() {
        return "DampedHolt(alpha=" + ForecastModel.fmt(alpha) + ",beta=" + ForecastModel.fmt(beta)
                + ",phi=" + ForecastModel.fmt(phi) + ")";
    }

    @Override
    public void update(double actual) {
        if (count == 0) {
            level = actual;
            trend = 0;
        } else if (count == 1) {
            trend = actual - level;
            level = actual;
        } else {
            double previousLevel = level;
            level = alpha * actual + (1 - alpha) * (previousLevel + phi * trend);
            trend = beta * (level - previousLevel) + (1 - beta) * phi * trend;
        }
        count++;
    }

    @Override
    public double forecast(int h) {
        return Math.max(0, level + dampedSum(phi, h) * trend);
    }

    /** phi + phi² + … + phi^h. */
    static double dampedSum(double phi, int h) {
        if (phi == 1.0) {
            return h;
        }
        return phi * (1 - Math.pow(phi, h)) / (1 - phi);
    }

    @Override
    public void write(DataOutput out) throws IOException {
        StateBytes.writeVarLong(out, count);
        out.writeDouble(level);
        out.writeDouble(trend);
    }

    @Override
    public void read(DataInput in) throws IOException {
        count = StateBytes.readVarLong(in);
        level = in.readDouble();
        trend = in.readDouble();
    }
}
