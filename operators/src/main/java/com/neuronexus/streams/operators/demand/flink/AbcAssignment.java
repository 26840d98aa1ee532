package com.neuronexus.streams.operators.demand.flink;

import java.time.Instant;

/** A SKU's ABC class changed at {@code ts} (end of the UTC day it was computed for). */
public record AbcAssignment(String sku, String abcClass, Instant ts, double annualValue) {}
