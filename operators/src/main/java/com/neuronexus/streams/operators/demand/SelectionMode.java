package com.neuronexus.streams.operators.demand;

/** How the published forecast comes out of the candidate models. */
public enum SelectionMode {
    /** The eligible candidate with the lowest rolling out-of-sample error. */
    BEST,
    /** Best candidate of each eligible family, weights ∝ 1/(scaled error + 1), each weight ≥ 0.1 (DESIGN §5). */
    WEIGHTED
}
