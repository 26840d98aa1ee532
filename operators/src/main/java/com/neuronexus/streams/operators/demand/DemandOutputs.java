package com.neuronexus.streams.operators.demand;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.Forecast;
import com.neuronexus.streams.core.outputs.ForecastAccuracy;
import com.neuronexus.streams.core.outputs.ReorderRecommendation;

/** Where {@link SkuDemandEngine} puts what it publishes; the Flink function routes each kind to its stream. */
public interface DemandOutputs {
    void forecast(Forecast forecast);

    void recommendation(ReorderRecommendation recommendation);

    void accuracy(ForecastAccuracy accuracy);

    void signal(Signal signal);
}
