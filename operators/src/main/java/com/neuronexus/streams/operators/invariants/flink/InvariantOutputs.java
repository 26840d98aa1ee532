package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.LedgerCorrection;
import com.neuronexus.streams.operators.invariants.Check;
import com.neuronexus.streams.operators.invariants.CheckOutcome;
import com.neuronexus.streams.operators.invariants.CreditPosting;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** Side outputs of the invariant functions and how a check becomes an ops.signals record. */
public final class InvariantOutputs {
    public static final String SOURCE = "invariants";

    /** Every check, passing or not: input of the drift score. */
    public static final OutputTag<CheckOutcome> OUTCOMES =
            new OutputTag<>("invariant-outcomes", TypeInformation.of(CheckOutcome.class));
    /** Correction commands for ledger.corrections. */
    public static final OutputTag<LedgerCorrection> CORRECTIONS =
            new OutputTag<>("ledger-corrections", TypeInformation.of(LedgerCorrection.class));
    /** Credit postings (first invoices, attributed payments) for the per-customer credit check. */
    public static final OutputTag<CreditPosting> POSTINGS =
            new OutputTag<>("credit-postings", TypeInformation.of(CreditPosting.class));

    private InvariantOutputs() {}

    /** The signal a check yields given the entity's previous state: OBSERVED on a violation, CLEARED on restore. */
    public static Optional<Signal> signal(Check check, boolean wasViolated, long ts) {
        return check.outcome(wasViolated).map(state -> Signal.of(SOURCE, check.invariant().name(), check.entity(),
                check.invariant().priority(),
                state == Check.ResultState.VIOLATED ? Signal.SignalState.OBSERVED : Signal.SignalState.CLEARED,
                Instant.ofEpochMilli(ts), evidence(check)));
    }

    static String evidence(Check check) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("invariant", check.invariant().name());
        fields.put("entity", check.entity());
        fields.put("expected", check.expected());
        fields.put("actual", check.actual());
        fields.put("event_ids", check.eventIds());
        return Json.object(fields);
    }
}
