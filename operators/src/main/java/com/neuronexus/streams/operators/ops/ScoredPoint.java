package com.neuronexus.streams.operators.ops;

/** A {@link SeriesPoint} with its anomaly score in [0,1] and the value the detector expected. */
public record ScoredPoint(String series, long tsMillis, double value, String ref, double score, double expected) {}
