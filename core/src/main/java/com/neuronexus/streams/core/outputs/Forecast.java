package com.neuronexus.streams.core.outputs;

import java.time.Instant;

/**
 * {@code inventory.forecasts} / table {@code forecasts}, primary key (sku, as_of): the forecast published
 * when a demand bucket closes. {@code as_of} is the end of the bucket just closed; {@code points[i]} is the
 * demand forecast for the (i+1)-th bucket after it, {@code lower}/{@code upper} its interval at
 * {@code interval_level}. {@code std} is the one-step error std from rolling out-of-sample errors. Accuracy
 * figures are rolling, over all horizon steps, null until scored.
 */
public record Forecast(
        String sku,
        Instant asOf,
        String bucket,
        int horizon,
        double[] points,
        double[] lower,
        double[] upper,
        double intervalLevel,
        double std,
        double leadTimeDays,
        double leadTimeDemand,
        double fourWeekDemand,
        String model,
        String modelReason,
        String demandClass,
        Double adi,
        Double cv2,
        int historyBuckets,
        Double mape,
        Double wape,
        Double mase,
        Double bias) {}
