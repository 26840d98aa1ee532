package com.neuronexus.streams.operators.audit;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.SecurityBlock;
import com.neuronexus.streams.operators.state.ReleaseBuckets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Brute-force blocking per subject (key {@code ACTOR:alice} or {@code IP:10.0.0.7}). Attempts wait for the
 * watermark and are applied in (event time, event_id) order, so a success and a failure at nearly the same
 * time give the same result live and in replay. Emits a {@link SecurityBlock} and a P2 BRUTE_FORCE signal
 * (OBSERVED) when a block starts, and the CLEARED signal when it ends; all state of a subject is dropped once
 * its block has ended and its failures have left the window.
 */
public class BruteForceFunction extends KeyedProcessFunction<String, SecurityAttempt, SecurityBlock> {
    private static final long serialVersionUID = 1L;

    public static final String KIND = "BRUTE_FORCE";
    public static final OutputTag<Signal> SIGNALS =
            new OutputTag<>("security-signals", TypeInformation.of(Signal.class));

    private static final Comparator<SecurityAttempt> ORDER = Comparator.comparingLong(SecurityAttempt::ts)
            .thenComparing(SecurityAttempt::eventId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(SecurityAttempt::success);

    private final BruteForceDetector.Config config;
    private transient BruteForceDetector detector;

    /**
     * Attempts waiting for the watermark ("pending"), by release time (event time; just past the watermark if
     * late), one release timer per release time.
     */
    private transient ReleaseBuckets<SecurityAttempt> pending;
    /** Failures in the window and the current block; cleared when both are gone. */
    private transient ValueState<BruteForceDetector.State> state;
    /** The timer set for the next change without input (block end / oldest failure leaving the window). */
    private transient ValueState<Long> wakeUp;

    public BruteForceFunction(BruteForceDetector.Config config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        detector = new BruteForceDetector(config);
        pending = ReleaseBuckets.open(getRuntimeContext(), "pending", TypeInformation.of(SecurityAttempt.class),
                ORDER, 0);
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("brute-force", TypeInformation.of(BruteForceDetector.State.class)));
        wakeUp = getRuntimeContext().getState(new ValueStateDescriptor<>("wake-up", Types.LONG));
    }

    @Override
    public void processElement(SecurityAttempt attempt, Context ctx, Collector<SecurityBlock> out) throws Exception {
        long release = Math.max(attempt.ts(), ctx.timerService().currentWatermark() + 1);
        // Release timer: the attempts at this time are applied once the watermark passes it.
        pending.add(ctx.getCurrentKey(), release, attempt, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SecurityBlock> out) throws Exception {
        String key = ctx.getCurrentKey();
        if (wakeUp.value() != null && wakeUp.value() == timestamp) {
            wakeUp.clear();
        }
        BruteForceDetector.State before = state.value() == null ? BruteForceDetector.State.EMPTY : state.value();
        BruteForceDetector.State current = detector.evict(before, timestamp);
        if (before.blockedUntil() != 0 && current.blockedUntil() == 0) {
            ctx.output(SIGNALS, Signal.of(AuditChainFunction.SOURCE, KIND, key, "P2", Signal.SignalState.CLEARED,
                    Instant.ofEpochMilli(before.blockedUntil()), Json.object(Map.of("subject", key))));
        }
        for (SecurityAttempt a : pending.release(key, timestamp)) {
            BruteForceDetector.Step step = detector.onAttempt(current, a.ts(), a.actor(), a.success());
            current = step.state();
            if (step.block() != null) {
                emitBlock(ctx, out, a, step.block());
            }
        }
        if (current.isEmpty()) {
            state.clear();
        } else {
            state.update(current);
        }
        long next = detector.nextChange(current);
        Long scheduled = wakeUp.value();
        if (scheduled != null && scheduled != next && !pending.holdsAt(scheduled)) {
            ctx.timerService().deleteEventTimeTimer(scheduled);
        }
        if (next == Long.MAX_VALUE) {
            wakeUp.clear();
        } else if (scheduled == null || scheduled != next) {
            // Wake-up timer: ends the block / forgets old failures even if no attempt arrives.
            ctx.timerService().registerEventTimeTimer(next);
            wakeUp.update(next);
        }
    }

    private void emitBlock(OnTimerContext ctx, Collector<SecurityBlock> out, SecurityAttempt a,
            BruteForceDetector.Block block) {
        Instant since = Instant.ofEpochMilli(block.since());
        Instant until = Instant.ofEpochMilli(block.until());
        String reason = block.failures() + " failed logins for " + a.subjectType().toLowerCase(java.util.Locale.ROOT) + " " + a.subject()
                + " within " + Duration.ofMillis(config.windowMillis()).toMinutes() + " min";
        out.collect(new SecurityBlock(a.subject(), a.subjectType(), since, until, reason, block.failures()));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("subject", a.subject());
        evidence.put("subject_type", a.subjectType());
        evidence.put("failures", block.failures());
        evidence.put("since", since.toString());
        evidence.put("until", until.toString());
        evidence.put("last_event_id", a.eventId());
        ctx.output(SIGNALS, Signal.of(AuditChainFunction.SOURCE, KIND, ctx.getCurrentKey(), "P2",
                Signal.SignalState.OBSERVED, since, Json.object(evidence)));
    }
}
