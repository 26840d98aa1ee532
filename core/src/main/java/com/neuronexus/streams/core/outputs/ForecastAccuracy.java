package com.neuronexus.streams.core.outputs;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.neuronexus.streams.core.json.RawJsonDeserializer;
import java.time.Instant;

/**
 * {@code inventory.accuracy} / table {@code forecast_accuracy}, primary key (sku, as_of): rolling accuracy
 * of a SKU's published forecasts when a bucket closes. MAPE (over non-zero actuals) and WAPE in percent,
 * MASE against the in-sample naive error, bias = mean(forecast − actual). {@code by_step} is a JSON array,
 * one object per horizon step ({@code step, scored, mape, wape, mase, bias}). The drift test compares
 * the last 4 weeks' absolute one-step errors with weeks 5–16 (Welch); null until 16 weeks are scored.
 * {@code high_variance}: item MAPE above the configured multiple of the average item MAPE; null when
 * not computed.
 */
public record ForecastAccuracy(
        String sku,
        Instant asOf,
        String bucket,
        double scored,
        Double mape,
        Double wape,
        Double mase,
        Double bias,
        @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class) String byStep,
        Boolean highVariance,
        Double driftPValue,
        Double driftRecentMeanError,
        Double driftBaselineMeanError,
        boolean drift) {}
