package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.core.outputs.DriftScore;
import com.neuronexus.streams.operators.invariants.CheckOutcome;
import com.neuronexus.streams.operators.invariants.DriftTally;
import com.neuronexus.streams.operators.invariants.Invariant;
import com.neuronexus.streams.operators.invariants.InvariantConfig;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * The drift score (DESIGN §5) at every drift-interval boundary of event time in which checks happened, over
 * the entities checked within the drift window. Runs under a single constant key: outcomes of all invariant
 * functions meet here, applied in event-time order so the score does not depend on their interleaving.
 */
public class DriftScoreFunction extends EventTimeOrderedFunction<CheckOutcome, DriftScore> {
    private static final long serialVersionUID = 1L;
    public static final String KEY = "drift";

    private final long intervalMs;
    private final long windowMs;

    /** "INVARIANT|entity" -> its latest check; entries older than the window are pruned at each tick. */
    private transient MapState<String, DriftEntry> entries;

    public DriftScoreFunction(InvariantConfig config) {
        // Outcome ids are content-derived and outcomes are not redelivered: no de-duplication memory needed.
        super(CheckOutcome.class, 0);
        this.intervalMs = config.driftIntervalMs();
        this.windowMs = config.driftWindowMs();
    }

    @Override
    protected void openState() {
        entries = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("drift-entries", Types.STRING, TypeInformation.of(DriftEntry.class)));
    }

    @Override
    protected void apply(CheckOutcome outcome, long ts, Context ctx, Collector<DriftScore> out) throws Exception {
        entries.put(outcome.entryKey(), new DriftEntry(outcome.invariant().name(), ts, outcome.violated()));
    }

    /**
     * Outcomes are applied in one sorted batch at the tick at or after them: one timer per tick rather than
     * per outcome, on the one key that sees every check. The release timer is also the tick.
     */
    @Override
    protected long releaseAt(long ts) {
        return Math.floorDiv(ts + intervalMs - 1, intervalMs) * intervalMs;
    }

    @Override
    protected void onEventTime(long ts, OnTimerContext ctx, Collector<DriftScore> out) throws Exception {
        if (Math.floorMod(ts, intervalMs) != 0) {
            return;
        }
        DriftTally tally = new DriftTally();
        Iterator<Map.Entry<String, DriftEntry>> it = entries.iterator();
        while (it.hasNext()) {
            DriftEntry entry = it.next().getValue();
            if (entry.ts <= ts - windowMs) {
                it.remove();
            } else {
                tally.add(Invariant.valueOf(entry.invariant), entry.violated);
            }
        }
        out.collect(tally.toScore(Instant.ofEpochMilli(ts), windowMs));
    }
}
