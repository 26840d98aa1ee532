package com.neuronexus.streams.operators.demand.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An online point-forecast model of per-bucket demand. {@link #update} costs O(1) (O(season) for nothing):
 * models never look at the history again, so there is no retraining. Parameters are fixed at
 * construction; only the fitted state is written to Flink state by {@link #write}.
 */
public interface ForecastModel {

    /** The model family, e.g. {@code SES}; candidates of one family differ only in parameters. */
    String family();

    /** Family and parameters, e.g. {@code SES(alpha=0.3)}: what a reviewer reads. */
    String label();

    /** Absorbs the demand of the bucket that just closed. */
    void update(double actual);

    /** Forecast for the {@code h}-th bucket after the last one absorbed (h ≥ 1); never negative. */
    double forecast(int h);

    void write(DataOutput out) throws IOException;

    void read(DataInput in) throws IOException;

    static String fmt(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
