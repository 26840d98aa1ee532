package com.neuronexus.streams.operators.demand.model;

import com.neuronexus.streams.operators.demand.StateBytes;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Additive Holt-Winters with a damped trend (ETS(A,Ad,A)). Additive seasonality because demand buckets
 * can be zero. Initialised online from the first full season: level = its mean, trend 0, seasonal index
 * = value − mean; until then it forecasts the running mean.
 * h-step forecast = level + (phi + … + phi^h)·trend + seasonal[(t + h − 1) mod m].
 */
public final class HoltWinters implements ForecastModel {
    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double phi;
    private final int season;
    /** Seasonal index by position {@code t % season}; during the first season the raw values. */
    private final double[] seasonal;
    private double level;
    private double trend;
    private long count;

    public HoltWinters(double alpha, double beta, double gamma, double phi, int season) {
        this.alpha = alpha;
        this.beta = beta;
        this.gamma = gamma;
        this.phi = phi;
        this.season = season;
        this.seasonal = new double[season];
    }

    @Override
    public String family() {
        return "HOLT_WINTERS";
    }

    @Override
    public String label() {
        return "HoltWinters(alpha=" + ForecastModel.fmt(alpha) + ",beta=" + ForecastModel.fmt(beta)
                + ",gamma=" + ForecastModel.fmt(gamma) + ",phi=" + ForecastModel.fmt(phi) + ",m=" + season + ")";
    }

    @Override
    public void update(double actual) {
        int position = (int) (count % season);
        if (count < season) {
            seasonal[position] = actual;
            level += (actual - level) / (count + 1); // running mean of the first season
            if (count == season - 1) {
                for (int i = 0; i < season; i++) {
                    seasonal[i] -= level;
                }
                trend = 0;
            }
        } else {
            double previousLevel = level;
            double index = seasonal[position];
            level = alpha * (actual - index) + (1 - alpha) * (previousLevel + phi * trend);
            trend = beta * (level - previousLevel) + (1 - beta) * phi * trend;
            seasonal[position] = gamma * (actual - level) + (1 - gamma) * index;
        }
        count++;
    }

    @Override
    public double forecast(int h) {
        if (count < season) {
            return Math.max(0, level);
        }
        double index = seasonal[(int) ((count + h - 1) % season)];
        return Math.max(0, level + DampedHolt.dampedSum(phi, h) * trend + index);
    }

    @Override
    public void write(DataOutput out) throws IOException {
        StateBytes.writeVarLong(out, count);
        out.writeDouble(level);
        out.writeDouble(trend);
        int stored = (int) Math.min(count, season);
        for (int i = 0; i < stored; i++) {
            out.writeDouble(seasonal[i]);
        }
    }

    @Override
    public void read(DataInput in) throws IOException {
        count = StateBytes.readVarLong(in);
        level = in.readDouble();
        trend = in.readDouble();
        int stored = (int) Math.min(count, season);
        for (int i = 0; i < stored; i++) {
            seasonal[i] = in.readDouble();
        }
    }
}
