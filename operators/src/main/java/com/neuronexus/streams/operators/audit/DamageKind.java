package com.neuronexus.streams.operators.audit;

/** What is wrong with a chain at its first bad position. */
public enum DamageKind {
    /** A row's content (or its own prev_hash/row_hash) no longer matches its hash, or a row was rewritten. */
    MODIFIED,
    /** Rows are missing: a link points to a row that is not there, or a checkpoint names rows past the end. */
    DELETED,
    /** A row that the chain does not link through. */
    INSERTED,
    /** Rows out of order: a row links to one that comes after it. */
    REORDERED,
    /** A row (or its seq) repeats an earlier one. */
    DUPLICATE,
    /** seq numbers skip although the links are intact; in the stream: a predecessor that never arrived. */
    GAP
}
