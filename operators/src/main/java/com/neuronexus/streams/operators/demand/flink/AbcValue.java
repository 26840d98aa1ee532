package com.neuronexus.streams.operators.demand.flink;

/** A SKU's trailing 365-day usage value at the end of a UTC day ({@code ts}, epoch ms). */
public record AbcValue(String sku, long ts, double annualValue) {}
